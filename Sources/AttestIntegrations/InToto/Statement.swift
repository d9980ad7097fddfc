public import AttestLedger

/// An in-toto Statement v1 (<https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md>):
/// the subjects (artifacts by digest), the predicate type and the predicate.
public struct Statement: Sendable, Equatable {
    /// `_type` of every v1 statement.
    public static let type = "https://in-toto.io/Statement/v1"

    /// What the statement is about.
    public var subjects: [ResourceDescriptor]
    /// The predicate type URI.
    public var predicateType: String
    /// The predicate, a JSON object.
    public var predicate: JSONValue

    /// Makes a statement.
    public init(subjects: [ResourceDescriptor], predicateType: String, predicate: JSONValue) {
        self.subjects = subjects
        self.predicateType = predicateType
        self.predicate = predicate
    }

    /// The statement's JSON: keys sorted, no whitespace (the DSSE payload).
    public var json: [UInt8] {
        JSONValue.object([
            "_type": .string(Self.type), "subject": .array(subjects.map(\.json)), "predicateType": .string(predicateType),
            "predicate": predicate,
        ]).canonicalBytes
    }
}

/// An in-toto ResourceDescriptor (<https://github.com/in-toto/attestation/blob/main/spec/v1/resource_descriptor.md>).
public struct ResourceDescriptor: Sendable, Equatable {
    /// The name (a file name, a model name).
    public var name: String?
    /// A URI.
    public var uri: String?
    /// Digests by algorithm, lowercase hex.
    public var digest: [String: String]
    /// Extra information.
    public var annotations: [String: JSONValue]

    /// Makes a descriptor.
    public init(name: String? = nil, uri: String? = nil, digest: [String: String], annotations: [String: JSONValue] = [:]) {
        self.name = name
        self.uri = uri
        self.digest = digest
        self.annotations = annotations
    }

    /// A descriptor of an Attest digest `sha256:<hex>`.
    /// - Returns: `nil` unless `digest` is `sha256:` followed by 64 hex digits.
    public static func attestDigest(_ digest: String, name: String? = nil, uri: String? = nil) -> ResourceDescriptor? {
        let parts = digest.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0] == "sha256", parts[1].count == 64, parts[1].allSatisfy(\.isHexDigit) else { return nil }
        return ResourceDescriptor(name: name, uri: uri, digest: ["sha256": parts[1].lowercased()])
    }

    /// The descriptor's JSON object.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["digest": .object(digest.mapValues { .string($0) })]
        if let name { members["name"] = .string(name) }
        if let uri { members["uri"] = .string(uri) }
        if !annotations.isEmpty { members["annotations"] = .object(annotations) }
        return .object(members)
    }
}
