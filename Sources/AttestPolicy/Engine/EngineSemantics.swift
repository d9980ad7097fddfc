/// Which version of the engine's rule semantics decides.
///
/// A recorded decision names the engine that made it (`engine` in `promotion.decided`), and
/// replay evaluates it with that version's semantics, so a rule whose meaning changes keeps its
/// old meaning for old decisions. docs/governance.md ("The replay contract") lists what each
/// version changed.
///
/// | version | what it decides differently from the one before |
/// | --- | --- |
/// | 1 | (the first engine) |
/// | 2 | evidence bound to the version's registered datasets; reviews of actors who lost their standing set aside; the production floor (an approval by someone other than the requester and the registrant); `stale_on_monitoring`; a policy set governs only once its publication quorum approved it |
/// | 3 | with a witness list recorded, time is witnessed time: "now" and every entry's time come from the witnesses' cosignatures of stored checkpoints, not from the writer's clock (cooldown, approval `max_age`, the after-request check); the decision records its time basis |
public struct EngineSemantics: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The version number.
    public let version: Int

    /// The first engine: evaluations chosen by their claimed dataset role, reviews counted by
    /// the roles held when signing whatever happened after, no built-in floor.
    public static let v1 = EngineSemantics(version: 1)
    /// Control integrity: see the type's table.
    public static let v2 = EngineSemantics(version: 2)
    /// Witnessed time: see the type's table.
    public static let v3 = EngineSemantics(version: 3)
    /// The semantics new decisions are made with.
    public static let current = v3
    /// Every version this build can replay, oldest first.
    public static let known: [EngineSemantics] = [.v1, .v2, .v3]

    /// The name recorded in decisions, `attest-policy/N`.
    public var name: String { "attest-policy/\(version)" }

    /// The recorded name.
    public var description: String { name }

    /// Metric, fairness and drift rules count only evidence computed on the version's own
    /// registered datasets (by digest), not an evaluation that merely claims a role.
    public var bindsEvidenceToDatasets: Bool { version >= 2 }

    /// A review stops counting from the entry that deactivated its author, revoked the key that
    /// signed it, or removed every role it could count under.
    public var requiresReviewerStanding: Bool { version >= 2 }

    /// Promotion to `production` needs at least one counted approval by someone other than the
    /// requester and the registrant, whatever the policy says.
    public var enforcesProductionFloor: Bool { version >= 2 }

    /// A `required_approvals` rule may ask that monitoring results make earlier approvals stale
    /// (`stale_on_monitoring`); otherwise, as in version 1, only evaluations and documents do.
    public var monitoringStalesOnlyWhenAsked: Bool { version >= 2 }

    /// A published policy set governs only once its publication quorum (the publisher and a
    /// second policy-admin or risk-officer, or more) approved it; version 1 took the latest
    /// publication. The registry applies this one: the engine is given the set in force.
    public var requiresPublicationQuorum: Bool { version >= 2 }

    /// With a witness list recorded before the decision, the facts' times are witnessed times
    /// (docs/witnesses.md, "Witnessed time"): "now" is the witnessed time of the newest stored
    /// checkpoint that met the quorum, and each entry's time that of the first such checkpoint
    /// including it. The registry applies this one: the engine is given the facts with those
    /// times, and the decision records its time basis.
    public var measuresWitnessedTime: Bool { version >= 3 }

    /// The semantics a recorded engine name stands for.
    /// - Parameter name: `attest-policy/N`.
    /// - Returns: The semantics, or `nil` for a name this build does not know (a newer engine).
    public init?(name: String) {
        let prefix = "attest-policy/"
        guard name.hasPrefix(prefix), let number = Int(name.dropFirst(prefix.count)),
            let known = Self.known.first(where: { $0.version == number })
        else { return nil }
        self = known
    }

    private init(version: Int) { self.version = version }

    /// Orders by version.
    public static func < (lhs: EngineSemantics, rhs: EngineSemantics) -> Bool { lhs.version < rhs.version }
}
