import AttestIntegrations
import AttestLedger
import AttestRegistry
import Foundation

/// `evidence attach M V --kind model_signature --file model.sig --artifact DIR (--public-key PEM | --root PEM)`.
struct ModelSignatureAttach {
    let attach: EvidenceCommand.Attach

    func run(file: URL) throws {
        guard attach.kind == ModelSignatureEvidence.kind else {
            throw CommandFailure.badInput("--artifact, --public-key and --root go with --kind model_signature only")
        }
        guard let artifact = attach.artifact else {
            throw CommandFailure.badInput(
                "--kind model_signature needs --artifact DIR: the model folder registered as the version's artifact")
        }
        let trust: ModelSignatureVerifier.Trust
        switch (attach.publicKey, attach.root) {
        case (let key?, nil): trust = .publicKey(pem: try Self.text(key), source: key)
        case (nil, let root?): trust = .rootCertificate(pem: try Self.text(root), source: root)
        default: throw CommandFailure.badInput("--kind model_signature needs exactly one of --public-key PEM and --root PEM")
        }
        let registry = try attach.options.openRegistry()
        let (entry, record) = try ModelSignatureAttacher(registry: registry).attach(
            attach.name, version: attach.version, signatureFile: file, artifact: Console.current.url(artifact), trust: trust,
            by: try attach.identity.signer())
        if attach.options.json {
            struct Output: Encodable {
                var entry: UInt64
                var signature: ModelSignatureRecord
            }
            return try JSONOutput.print(Output(entry: entry, signature: record))
        }
        Console.current.out(
            "Verified the \(record.method) signature of \(record.identity)\(record.rootDigest.map { " under root \($0)" } ?? "") (\(record.curve)) over \(record.files) files of \(attach.name) v\(attach.version) (manifest \(record.manifestDigest)); recorded in entry \(entry)"
        )
    }

    static func text(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: Console.current.url(path).path), data.count <= 1 << 20,
            let text = String(data: data, encoding: .utf8)
        else { throw CommandFailure.badInput("\(path): cannot read it as a PEM text file (at most 1 MiB)") }
        return text
    }
}
