/// `registry.initialized`: the role catalogue at the start.
public struct RegistryInitialized: Codable, Sendable, Equatable {
    /// Role names and descriptions.
    public var roles: [RoleDefined]
}

/// `role.defined`.
public struct RoleDefined: Codable, Sendable, Equatable {
    /// The role's name.
    public var role: String
    /// What it is for.
    public var description: String
}

/// `actor.added`.
public struct ActorAdded: Codable, Sendable, Equatable {
    /// The actor's unique name (also its key name).
    public var actor: String
    /// `person` or `service`.
    public var kind: String
    /// Initial roles.
    public var roles: [String]
    /// The actor's verifier key.
    public var publicKey: String
}

/// `actor.role.granted` and `actor.role.revoked`.
public struct RoleChange: Codable, Sendable, Equatable {
    /// The actor.
    public var actor: String
    /// The role.
    public var role: String
}

/// `actor.deactivated`.
public struct ActorDeactivated: Codable, Sendable, Equatable {
    /// The actor.
    public var actor: String
    /// Why.
    public var reason: String
}

/// `action.refused`: a known actor's refused attempt, for auditors.
public struct ActionRefused: Codable, Sendable, Equatable {
    /// The command attempted, e.g. `model.register`.
    public var action: String
    /// What it targeted, e.g. `credit-scoring v3`.
    public var target: String
    /// Why it was refused.
    public var reason: String
    /// The model concerned, when there is one (for the model's history).
    public var model: String?
    /// The version concerned, when there is one.
    public var version: Int?
}
