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
    /// The actor who was refused, when a server's service key records the refusal on their
    /// behalf (they declined to sign it; docs/log-format.md section 14). Absent otherwise: the
    /// refused actor signs the entry.
    public var actor: String?
    /// `sha256:<hex>` of the refused actor's signed HTTP request (its `Signature-Input`,
    /// `Signature` and body), when a service key records the refusal.
    public var request: String?

    /// Makes a refusal record.
    public init(
        action: String, target: String, reason: String, model: String? = nil, version: Int? = nil, actor: String? = nil,
        request: String? = nil
    ) {
        self.action = action
        self.target = target
        self.reason = reason
        self.model = model
        self.version = version
        self.actor = actor
        self.request = request
    }
}
