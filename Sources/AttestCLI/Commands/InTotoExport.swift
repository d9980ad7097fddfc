import AttestIntegrations
import AttestLedger
import AttestRegistry
import AttestReports
import Foundation

/// `attest export M V --format in-toto --out DIR --as ACTOR`.
struct InTotoExport {
    let command: ExportCommand

    func run() throws {
        let ledgerURL = try command.options.ledgerURL()
        let registry = try Registry.open(at: ledgerURL.path, readOnly: true)
        guard let actor = command.actor ?? Console.current.environment["ATTEST_ACTOR"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw CommandFailure.badInput("--format in-toto signs the envelopes: pass --as NAME or set ATTEST_ACTOR")
        }
        let signer = try Passphrases.loadKey(
            name: actor.precomposedStringWithCanonicalMapping, passphraseFile: command.keyPassphraseFile,
            environmentVariable: "ATTEST_PASSPHRASE")
        let exporter = InTotoExporter(registry: registry)
        let needed = try exporter.neededSize(model: command.name, version: command.version, signer: signer)
        let checkpoint = try CheckpointSource.covering(
            size: needed, ledger: try Ledger.open(at: ledgerURL.path), passphraseFile: command.passphraseFile)
        let files = try exporter.export(model: command.name, version: command.version, signer: signer, checkpoint: checkpoint)
        let folder = Console.current.url(command.out)
        try Self.prepare(folder)
        do {
            for file in files { try SafeOutput.write(file.bytes, to: folder.appendingPathComponent(file.name)) }
        } catch let error as ReportError {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        }
        let envelopes = files.filter { $0.name.hasSuffix(".dsse.json") }.map(\.name)
        if command.options.json {
            return try JSONOutput.print([
                "folder": folder.path, "envelopes": envelopes, "signer": signer.verifierKey.description,
                "treeSize": Int(checkpoint.checkpoint.size), "wrote": files.map { folder.appendingPathComponent($0.name).path },
            ])
        }
        for file in files { Console.current.out("Wrote \(folder.appendingPathComponent(file.name).path)") }
        // Envelopes that carry the signature of the actor who made the act (theirs alone, or with the exporter's).
        let byActors = files.filter { file in
            guard file.name.hasSuffix(".dsse.json"),
                let object = try? JSONSerialization.jsonObject(with: Data(file.bytes)) as? [String: Any],
                let signatures = object["signatures"] as? [[String: Any]]
            else { return false }
            return signatures.count > 1 || file.name.hasSuffix(".actor.dsse.json")
                || signatures.first?["keyid"] as? String != signer.verifierKey.fingerprint.hex
        }.count
        let proofs = files.filter { $0.name.hasSuffix(".proof") }.count
        Console.current.out(
            "\(envelopes.count) DSSE envelopes of \(command.name) v\(command.version) signed by \(signer.name) (\(byActors) of them by the actor who made the act, when they made it), with \(proofs) inclusion proofs to the checkpoint at size \(checkpoint.checkpoint.size)"
        )
    }

    /// Creates the folder (its parent must exist); an existing folder must be empty.
    static func prepare(_ folder: URL) throws {
        guard !folder.pathComponents.contains("..") else { throw CommandFailure.badInput("\(folder.path): '..' is not allowed in --out") }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: folder.path)) != nil
            guard isFolder.boolValue, !link else { throw CommandFailure.badInput("\(folder.path) exists and is not a folder") }
            guard (try FileManager.default.contentsOfDirectory(atPath: folder.path)).isEmpty else {
                throw CommandFailure.badInput("\(folder.path) is not empty; give a new or empty folder")
            }
            return
        }
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false) } catch {
            throw CommandFailure.badInput("\(folder.path): cannot create the folder (\(error.localizedDescription))")
        }
    }
}
