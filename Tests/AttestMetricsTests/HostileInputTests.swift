import Testing

@testable import AttestMetrics

@Suite struct HostileInputTests {
    let spec = EvaluationSpec(label: "label", prediction: "prediction", sensitive: ["g"])

    @Test(
        "bad inputs give errors, never crashes",
        arguments: [
            ([], TableFormat.csv, MetricsError.Code.emptyInput),
            (Array("\n\n".utf8), .csv, .emptyInput),
            (Array("label,prediction,g\n".utf8), .csv, .noRows),
            (Array("label,prediction,g\r\n\r\n".utf8), .csv, .noRows),
            ([0xFF, 0xFE, 0x2C, 0x0A], .csv, .invalidEncoding),
            (Array("label,prediction,g\n1,0,".utf8) + [0xC3, 0x28] + [0x0A], .csv, .invalidEncoding),
            (Array("label,prediction,label\n1,0,1\n".utf8), .csv, .duplicateColumn),
            (Array("label,prediction,g\n1,0,a\n1,2,a\n0,x,b\n".utf8), .csv, .invalidLabels),
            (Array("label,prediction,g\n1,0,\n".utf8), .csv, .missingValue),
            ([], .jsonLines, .emptyInput),
            (Array("\n  \n".utf8), .jsonLines, .emptyInput),
            ([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D, 0x0A], .jsonLines, .invalidEncoding),
            (Array("\"just a string\"\n".utf8), .jsonLines, .malformedJSON),
        ])
    func hostile(bytes: [UInt8], format: TableFormat, code: MetricsError.Code) throws {
        let error = try #require(throws: MetricsError.self) {
            try Evaluator.evaluate(bytes: bytes, source: "hostile", format: format, spec: spec)
        }
        #expect(error.code == code, "\(error)")
        #expect(error.description.hasPrefix("hostile"))
        #expect(!error.hint.isEmpty)
    }

    @Test("random bytes never crash the readers")
    func fuzz() {
        var rng = Xoshiro256StarStar(seed: 99, stream: 0)
        let alphabet = Array("ab01,\"\n\r{}:[] .e-\\u".utf8) + [0xFF, 0xC3]
        for _ in 0..<300 {
            let length = Int(rng.uniform(below: 60))
            let bytes = (0..<length).map { _ in alphabet[Int(rng.uniform(below: UInt64(alphabet.count)))] }
            for format in TableFormat.allCases {
                _ = try? DataTable.read(bytes: bytes, source: "fuzz", format: format, columns: [ColumnRequest("a", .auto)])
            }
        }
    }
}
