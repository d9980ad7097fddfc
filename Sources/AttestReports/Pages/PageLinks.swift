import Foundation

/// The paths the reviewer pages link to (docs/pages.md, "Routes"). A server mounts each page and
/// download at these paths; every name is percent-encoded as one path component.
public struct PageLinks: Sendable, Equatable {
    /// The prefix every path starts with, without a trailing slash (`""` for the site root).
    public var base: String

    /// Makes the links under `base`.
    public init(base: String = "") { self.base = base }

    /// The stylesheet: `GET {base}/assets/attest.css` serves ``ReviewerPages/stylesheet``.
    public var stylesheet: String { base + "/assets/attest.css" }
    /// The models page.
    public var models: String { base + "/models" }
    /// A model's versions (an anchor on the models page).
    public func model(_ name: String) -> String { models + "#model-" + Self.component(name) }
    /// A version page.
    public func version(_ model: String, _ version: Int) -> String { base + "/models/\(Self.component(model))/versions/\(version)" }
    /// "Waiting for my sign-off" of one reviewer.
    public func waiting(_ reviewer: String) -> String { base + "/reviewers/\(Self.component(reviewer))/waiting" }
    /// The log from entry `from`.
    public func log(from: UInt64 = 0) -> String { base + "/log?from=\(from)" }
    /// One entry of the log, as an anchor on its log page.
    public func entry(_ seq: UInt64, pageSize: UInt64) -> String { log(from: seq / pageSize * pageSize) + "#entry-\(seq)" }
    /// The audit report of a model (HTML download; `attest report`).
    public func report(_ model: String) -> String { base + "/models/\(Self.component(model))/report.html" }
    /// The audit report of a model as JSON.
    public func reportJSON(_ model: String) -> String { base + "/models/\(Self.component(model))/report.json" }
    /// The evidence bundle of a version (`attest export`).
    public func bundle(_ model: String, _ version: Int) -> String {
        base + "/models/\(Self.component(model))/versions/\(version)/bundle.tar"
    }
    /// The signed admission answer (`GET /v1/admission`).
    public func admission(_ model: String, _ version: Int, environment: String) -> String {
        base + "/v1/admission?model=\(Self.component(model))&version=\(version)&environment=\(Self.component(environment))"
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986 section 2.3).
    static func component(_ value: String) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
