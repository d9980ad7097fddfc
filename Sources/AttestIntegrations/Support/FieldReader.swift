import AttestLedger

/// Reads typed fields of a JSON object and names the field in every error.
struct FieldReader {
    /// The input, for errors.
    let source: String
    /// The object's members.
    let members: [String: JSONValue]
    /// The object's path followed by `.` (empty at the top level).
    let prefix: String

    /// The longest text field accepted: 64 MiB (a base64 payload of a large manifest).
    static let maximumStringBytes = 64 << 20

    func value(_ key: String) throws -> JSONValue {
        guard let value = members[key], value != .null else { throw IntegrationError.malformed(source, prefix + key, "is missing") }
        return value
    }

    func string(_ key: String) throws -> String {
        guard let text = try value(key).stringValue else { throw IntegrationError.malformed(source, prefix + key, "is not a string") }
        guard text.utf8.count <= Self.maximumStringBytes else {
            throw IntegrationError.malformed(
                source, prefix + key, "is \(text.utf8.count) bytes; at most \(Self.maximumStringBytes) are accepted")
        }
        return text
    }

    func optionalString(_ key: String) throws -> String? {
        guard let value = members[key], value != .null else { return nil }
        return try string(key)
    }

    func object(_ key: String) throws -> FieldReader {
        guard let object = try value(key).objectValue else {
            throw IntegrationError.malformed(source, prefix + key, "is not a JSON object")
        }
        return FieldReader(source: source, members: object, prefix: prefix + key + ".")
    }

    func optionalObject(_ key: String) throws -> FieldReader? {
        guard let value = members[key], value != .null else { return nil }
        return try object(key)
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard let list = try value(key).arrayValue else { throw IntegrationError.malformed(source, prefix + key, "is not a JSON array") }
        return list
    }

    func bool(_ key: String) throws -> Bool {
        guard case .bool(let flag) = try value(key) else { throw IntegrationError.malformed(source, prefix + key, "is not true or false") }
        return flag
    }
}
