import AttestPolicy
import Foundation

/// Registrations and deployments are most of a large registry's entries: rebuild and `verify`
/// read each once in the projection and deployments again in the authority check.
extension VersionRegistered: ReadableEvent {
    private static let fields = CanonicalReader.Fields(
        ["artifacts", "datasets", "metrics", "model", "params", "version"], optional: ["code", "description", "framework", "parent"])
    private static let codeFields = CanonicalReader.Fields(["commit", "repository"], optional: ["dirty"])

    init(reading reader: inout CanonicalReader) throws {
        var (artifacts, datasets, metrics, model, params, version):
            ([FileRecord], [FileRecord], [String: TypedValue], String, [String: TypedValue], Int) =
                ([], [], [:], "", [:], 0)
        var (code, description, framework, parent): (CodeReference?, String?, String?, Int?) = (nil, nil, nil, nil)
        try reader.object(Self.fields) { reader, field in
            switch field {
            case 0: artifacts = try reader.array { try FileRecord(reading: &$0) }
            case 1: datasets = try reader.array { try FileRecord(reading: &$0) }
            case 2: metrics = try reader.dictionary { try TypedValue(reading: &$0) }
            case 3: model = try reader.string()
            case 4: params = try reader.dictionary { try TypedValue(reading: &$0) }
            case 5: version = try reader.int()
            case 6: code = try Self.code(&reader)
            case 7: description = try reader.string()
            case 8: framework = try reader.string()
            default: parent = try reader.int()
            }
        }
        self.init(
            model: model, version: version, artifacts: artifacts, datasets: datasets, code: code, params: params, metrics: metrics,
            parent: parent, framework: framework, description: description)
    }

    private static func code(_ reader: inout CanonicalReader) throws -> CodeReference {
        var (commit, repository, dirty): (String, String, Bool?) = ("", "", nil)
        try reader.object(codeFields) { reader, field in
            switch field {
            case 0: commit = try reader.string()
            case 1: repository = try reader.string()
            default: dirty = try reader.bool()
            }
        }
        return CodeReference(repository: repository, commit: commit, dirty: dirty)
    }
}

extension FileRecord {
    private static let fields = CanonicalReader.Fields(["digest", "name", "size"], optional: ["isFolder", "role"])

    /// Reads a file record as its synthesized `init(from:)` decodes it (see ``CanonicalReader``).
    init(reading reader: inout CanonicalReader) throws {
        var (digest, name, size, isFolder, role): (String, String, Int64, Bool?, String?) = ("", "", 0, nil, nil)
        try reader.object(Self.fields) { reader, field in
            switch field {
            case 0: digest = try reader.string()
            case 1: name = try reader.string()
            case 2: size = try reader.int64()
            case 3: isFolder = try reader.bool()
            default: role = try reader.string()
            }
        }
        self.init(name: name, digest: digest, size: size, role: role, isFolder: isFolder)
    }
}

extension TypedValue {
    /// Reads a value as ``init(from:)`` decodes it: a boolean, else a number, else a string.
    init(reading reader: inout CanonicalReader) throws {
        if reader.atBool {
            self = .bool(try reader.bool())
        } else if reader.atString {
            self = .string(try reader.string())
        } else {
            self = .number(try reader.double())
        }
    }
}

extension Deployed: ReadableEvent {
    private static let fields = CanonicalReader.Fields(["environment", "model", "traffic", "version"])

    init(reading reader: inout CanonicalReader) throws {
        var (environment, model, traffic, version): (String, String, Double, Int) = ("", "", 0, 0)
        try reader.object(Self.fields) { reader, field in
            switch field {
            case 0: environment = try reader.string()
            case 1: model = try reader.string()
            case 2: traffic = try reader.double()
            default: version = try reader.int()
            }
        }
        self.init(model: model, version: version, environment: environment, traffic: traffic)
    }
}
