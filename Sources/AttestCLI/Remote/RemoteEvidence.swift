import AttestLedger
import AttestMetrics
import AttestRegistry
import AttestServer
import Foundation

/// The acts that carry files through a server: the files are hashed (registration) or uploaded
/// (evaluation, evidence) by the client, and the result is read back from the signed entry, so
/// that the command prints what it prints locally.
extension RemoteActs {
    /// `model register`: hashes the artifacts and datasets here (and reads `--environment`),
    /// registers, and reads the version back.
    static func register(_ client: ServerClient, _ model: String, _ request: VersionRequest) throws -> VersionInfo {
        guard !request.artifacts.isEmpty else { throw CommandFailure.badInput("a version needs at least one --artifact") }
        let files: [FileRecord]
        do {
            files = try FileDigester.records(for: request.artifacts.map { ($0, nil) } + request.datasets.map { ($0.url, $0.role) })
        } catch { throw Failures.map(error) }
        var act = ActRequest(act: .modelRegister)
        act.model = model
        act.artifacts = Array(files.prefix(request.artifacts.count))
        act.datasets = Array(files.dropFirst(request.artifacts.count))
        act.code = request.code ?? GitProbe.codeReference(around: request.artifacts[0])
        act.params = request.params
        act.metrics = request.metrics
        act.parent = request.parent
        act.framework = request.framework
        act.description = request.description
        act.environmentRecord = request.environment
        let step = try client.act(act)
        guard let version = step.result?["version"]?.integerValue else { throw unreadable(client) }
        return try client.get(VersionInfo.self, "/v1/models/\(pathComponent(model))/versions/\(version)")
    }

    /// `evaluate`: uploads the data file; the server computes every number from it.
    static func evaluate(
        _ client: ServerClient, model: String, version: Int, file: URL, format: TableFormat?, spec: EvaluationSpec, datasetRole: String
    ) throws -> EvaluationOutcome {
        var act = ActRequest(act: .evaluate)
        act.model = model
        act.version = version
        act.fileName = file.lastPathComponent
        act.content = try upload(file)
        act.label = spec.label
        act.prediction = spec.prediction
        act.score = spec.score
        act.sensitive = spec.sensitive
        act.evaluation = spec
        act.format = format?.rawValue
        act.datasetRole = datasetRole
        let step = try client.act(act)
        guard let entry = step.result?["entry"]?.integerValue else { throw unreadable(client) }
        return EvaluationOutcome(event: try payload(client, entry, as: EvaluationRecorded.self), entry: UInt64(entry))
    }

    /// `monitor`: uploads both files; the server computes the drift and returns the entry.
    static func monitor(
        _ client: ServerClient, model: String, version: Int, reference: URL, current: URL, columns: [String], format: TableFormat?
    ) throws -> MonitoringOutcome {
        var act = ActRequest(act: .monitor)
        act.model = model
        act.version = version
        act.referenceName = reference.lastPathComponent
        act.referenceContent = try upload(reference)
        act.fileName = current.lastPathComponent
        act.content = try upload(current)
        act.columns = columns.isEmpty ? nil : columns
        act.format = format?.rawValue
        let step = try client.act(act)
        guard let entry = step.result?["entry"]?.integerValue else { throw unreadable(client) }
        return MonitoringOutcome(event: try payload(client, entry, as: MonitoringRecorded.self), entry: UInt64(entry))
    }

    /// `evidence attach`: uploads the document; returns it as `evidence list` shows it.
    static func attachEvidence(
        _ client: ServerClient, model: String, version: Int, kind: String, file: URL, store: Bool
    ) throws -> AttachedEvidence {
        var act = ActRequest(act: .evidenceAttach)
        act.model = model
        act.version = version
        act.evidenceKind = kind
        act.fileName = file.lastPathComponent
        act.content = try upload(file)
        act.store = store
        let step = try client.act(act)
        guard let entry = step.result?["entry"]?.integerValue else { throw unreadable(client) }
        let body = try client.get(EntryBody.self, "/v1/entries/\(entry)")
        guard let event = try? JSONDecoder().decode(EvidenceAttached.self, from: Data(body.payload.utf8)) else {
            throw unreadable(client)
        }
        return AttachedEvidence(
            entry: UInt64(entry), kind: event.kind, digest: event.file.digest, time: ISOTime.string(micros: body.timeMicros))
    }

    /// The payload of a served entry, decoded.
    static func payload<T: Decodable>(_ client: ServerClient, _ entry: Int64, as type: T.Type) throws -> T {
        let body = try client.get(EntryBody.self, "/v1/entries/\(entry)")
        guard let value = try? JSONDecoder().decode(type, from: Data(body.payload.utf8)) else { throw unreadable(client) }
        return value
    }

    /// A file's bytes in base64, for an act's `content`.
    static func upload(_ file: URL) throws -> String {
        guard let bytes = FileManager.default.contents(atPath: file.path) else {
            throw CommandFailure.badInput("\(file.path): cannot read the file (missing or unreadable)")
        }
        return bytes.base64EncodedString()
    }

    /// A name as one URL path component.
    static func pathComponent(_ name: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }
}

/// An attached document as `evidence attach --json` prints it (the fields of `EvidenceInfo`).
struct AttachedEvidence: Encodable {
    let entry: UInt64
    let kind: String
    let digest: String
    let time: String
}
