import Foundation
import Testing

@testable import AttestMetrics

/// Access to the committed fixtures and the Python reference values.
enum Fixtures {
    static var directory: URL {
        if let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) { return url }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Parsed on each access (small file; keeps tests free of shared mutable state).
    static var reference: [String: Any] {
        let data = try! Data(contentsOf: directory.appendingPathComponent("reference.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func entries(_ key: String) -> [[String: Any]] { reference[key] as! [[String: Any]] }
}

/// Whether `actual` agrees with `expected` to 1e-9 (relative for values above 1).
func close(_ actual: Double, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
    abs(actual - expected) <= tolerance * max(1, abs(expected))
}

/// Whether a p-value agrees to 1e-6 relative.
func closePValue(_ actual: Double, _ expected: Double) -> Bool {
    abs(actual - expected) <= 1e-6 * abs(expected) + 1e-300
}

/// Checks a metric value against a reference number, or `null` meaning undefined.
func expectMetric(_ value: MetricValue?, _ expected: Any?, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let value else {
        Issue.record("\(context): missing", sourceLocation: sourceLocation)
        return
    }
    if expected == nil || expected is NSNull {
        #expect(value.value == nil, "\(context): expected undefined, got \(value)", sourceLocation: sourceLocation)
        return
    }
    let number = (expected as! NSNumber).doubleValue
    guard let x = value.value else {
        Issue.record("\(context): expected \(number), got \(value)", sourceLocation: sourceLocation)
        return
    }
    #expect(close(x, number), "\(context): \(x) != \(number)", sourceLocation: sourceLocation)
}
