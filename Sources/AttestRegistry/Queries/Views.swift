import Foundation

/// An actor as `actor list` shows it.
public struct ActorInfo: Codable, Sendable, Equatable {
    /// The name.
    public var name: String
    /// `person` or `service`.
    public var kind: String
    /// Whether it may act.
    public var active: Bool
    /// Current roles.
    public var roles: [String]
    /// Currently valid verifier keys.
    public var keys: [String]
}

/// One line of `model list`.
public struct ModelSummary: Codable, Sendable, Equatable {
    /// The model.
    public var name: String
    /// The owner.
    public var owner: String
    /// The risk tier.
    public var riskTier: String
    /// The purpose.
    public var purpose: String
    /// How many versions.
    public var versions: Int
    /// The version in production, if any.
    public var production: Int?
    /// Aliases and the versions they point at.
    public var aliases: [String: Int]
}

/// A version as `model show` prints it.
public struct VersionInfo: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// The stage.
    public var stage: String
    /// When it entered the stage (ISO 8601).
    public var stageSince: String
    /// `active`, `deprecated` or `retired`.
    public var status: String
    /// Who registered it.
    public var registrant: String
    /// When (ISO 8601).
    public var registered: String
    /// The registration entry.
    public var registeredEntry: UInt64
    /// The full registration.
    public var registration: VersionRegistered
    /// Deployments: environment to traffic share.
    public var deployments: [String: Double]
    /// Aliases pointing here.
    public var aliases: [String]
}

/// A model with all its versions.
public struct ModelInfo: Codable, Sendable, Equatable {
    /// The model's facts.
    public var model: ModelCreated
    /// When it was created (ISO 8601).
    public var created: String
    /// Its versions.
    public var versions: [VersionInfo]
}

/// One entry of `model history`.
public struct HistoryItem: Codable, Sendable, Equatable {
    /// The entry.
    public var entry: UInt64
    /// When (ISO 8601).
    public var time: String
    /// Who signed it.
    public var actor: String
    /// The entry type.
    public var type: String
    /// A one-line summary.
    public var summary: String
    /// Whether it records a refusal or an override (reports highlight these).
    public var highlight: Bool
}
