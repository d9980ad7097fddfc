/// The entry types the registry writes. Payloads are JSON objects with sorted keys.
public enum EventType {
    /// The registry's initial role catalogue.
    public static let registryInitialized = "registry.initialized"
    /// A role added to the catalogue.
    public static let roleDefined = "role.defined"
    /// A new actor (its key is a `ledger.key.added` entry in the same transaction).
    public static let actorAdded = "actor.added"
    /// A role granted to an actor.
    public static let roleGranted = "actor.role.granted"
    /// A role taken from an actor.
    public static let roleRevoked = "actor.role.revoked"
    /// An actor that may no longer act (its keys are revoked in the same transaction).
    public static let actorDeactivated = "actor.deactivated"
    /// A named model.
    public static let modelCreated = "model.created"
    /// A new numbered version of a model.
    public static let versionRegistered = "model.version.registered"
    /// A version's stage changed.
    public static let stageChanged = "model.stage.changed"
    /// An alias (champion, challenger, ...) pointed at a version.
    public static let aliasSet = "model.alias.set"
    /// An alias removed.
    public static let aliasRemoved = "model.alias.removed"
    /// A version deployed to an environment with a traffic share.
    public static let deployed = "model.deployed"
    /// A version marked deprecated.
    public static let versionDeprecated = "model.version.deprecated"
    /// A version retired: archived and never promoted again.
    public static let versionRetired = "model.version.retired"
    /// An action a known actor attempted and was refused.
    public static let actionRefused = "action.refused"
}
