import AttestLedger
import AttestPolicy
import AttestRegistry
import Foundation

/// What a report covers: a model, optionally one version, optionally a time window.
public struct ReportRequest: Sendable, Equatable {
    /// The model.
    public var model: String
    /// One version (with its ancestors in the lineage), or every version.
    public var version: Int?
    /// Only entries at or after this time.
    public var since: Date?
    /// Only entries at or before this time.
    public var until: Date?
    /// The last entry of the ledger the report reads, when it reads a ``LedgerSnapshot``
    /// (`--at`, `--as-of`); said in the report's scope.
    public var asOfEntry: UInt64?

    /// Makes a request.
    public init(model: String, version: Int? = nil, since: Date? = nil, until: Date? = nil, asOfEntry: UInt64? = nil) {
        self.model = model
        self.version = version
        self.since = since
        self.until = until
        self.asOfEntry = asOfEntry
    }
}

/// Everything read from the ledger for a report, before the checkpoint is chosen.
public struct ReportMaterial: Sendable {
    let request: ReportRequest
    let info: ModelInfo
    let allEntries: [Entry]
    let scoped: [Entry]
    let cited: [Entry]
    let policies: [Entry]

    /// The tree size a checkpoint must have to cover every entry the report cites.
    public var requiredTreeSize: UInt64 { (cited.last?.sequence ?? 0) + 1 }
}

/// Gathers an audit report from the registry and its ledger.
public struct ReportCollector: Sendable {
    /// The registry read.
    public let registry: Registry
    /// The time written as `generatedAt` (injected by tests).
    public let now: Date
    /// The generator string written in the report.
    public let generator: String

    /// Makes a collector.
    /// - Parameters:
    ///   - registry: the registry to read.
    ///   - now: the report's time.
    ///   - generator: e.g. `attest 0.1.0`.
    public init(registry: Registry, now: Date, generator: String) {
        self.registry = registry
        self.now = now
        self.generator = generator
    }

    /// Reads the entries the report needs.
    /// - Throws: `RegistryError` (`.notFound`) for an unknown model or version; `ReportError`
    ///   (`.badInput`) for an empty time window.
    public func gather(_ request: ReportRequest) throws -> ReportMaterial {
        if let since = request.since, let until = request.until, since > until {
            throw ReportError(.badInput, "--since \(ISOTime.string(since)) is after --until \(ISOTime.string(until))")
        }
        let info = try registry.model(request.model)
        if let version = request.version, !info.versions.contains(where: { $0.version == version }) {
            throw ReportError(
                .badInput,
                "\(request.model) has no version \(version); its versions are \(info.versions.map { "v\($0.version)" }.joined(separator: ", "))"
            )
        }
        let ledger = registry.ledger
        let all = try Self.modelEntries(request.model, ledger: ledger)
        let sinceMicros = request.since.map { Int64(($0.timeIntervalSince1970 * 1_000_000).rounded()) }
        let untilMicros = request.until.map { Int64(($0.timeIntervalSince1970 * 1_000_000).rounded()) }
        let scoped = all.filter { entry in
            if let sinceMicros, entry.timeMicros < sinceMicros { return false }
            if let untilMicros, entry.timeMicros > untilMicros { return false }
            guard let version = request.version else { return true }
            let entryVersion = Self.version(of: entry)
            return entryVersion == nil || entryVersion == version
        }
        let policies = try ledger.entries(types: ["policy.published"])
        // Cited: the scoped entries, the model's creation, the lineage's registrations, the policy
        // sets, and everything the decisions cite.
        var citedSeqs = Set(scoped.map(\.sequence))
        let versions = lineageVersions(info, request.version)
        for version in info.versions where versions.contains(version.version) { citedSeqs.insert(version.registeredEntry) }
        if let created = all.first(where: { $0.type == EventType.modelCreated }) { citedSeqs.insert(created.sequence) }
        let size = try ledger.size()
        for entry in scoped where EntryKind(type: entry.type) == .decision {
            for seq in JSONValue(parsing: entry.payload)?.citedEntries ?? [] where seq < entry.sequence && seq < size {
                citedSeqs.insert(seq)
            }
        }
        let byNumber = Dictionary(uniqueKeysWithValues: (all + policies).map { ($0.sequence, $0) })
        var cited: [Entry] = []
        for seq in citedSeqs.sorted() {
            if let entry = byNumber[seq] { cited.append(entry) } else { cited.append(try ledger.entry(at: seq)) }
        }
        let usedPolicies = Set(cited.filter { EntryKind(type: $0.type) == .decision }.compactMap { decisionPolicy($0, policies) })
        let policyEntries = policies.filter { usedPolicies.contains($0.sequence) }
        if !policyEntries.isEmpty {
            cited = (cited + policyEntries.filter { !citedSeqs.contains($0.sequence) }).sorted { $0.sequence < $1.sequence }
        }
        return ReportMaterial(request: request, info: info, allEntries: all, scoped: scoped, cited: cited, policies: policies)
    }

    /// Builds the report.
    /// - Parameters:
    ///   - material: what `gather` read.
    ///   - checkpoint: the checkpoint to verify against; by default the latest stored one.
    ///   - mapping: the regulatory mapping.
    /// - Throws: `LedgerError` for a storage failure.
    public func report(_ material: ReportMaterial, checkpoint: SignedCheckpoint?, mapping: RegulatoryMapping) throws -> AuditReport {
        let ledger = registry.ledger
        let directory = try ledger.keyDirectory()
        let request = material.request
        let info = material.info
        let grants = try RoleHistory(ledger: ledger)
        func actor(_ entry: Entry) -> String { directory.records[entry.signer]?.key.name ?? "unknown" }
        func roles(_ entry: Entry) throws -> [String] { grants.roles(of: actor(entry), at: entry.sequence) }

        let policyItems = material.policies.map { PayloadViews.policy($0, actor: actor($0)) }
        var timeline: [TimelineItem] = []
        var evaluations: [EvaluationItem] = []
        var monitoring: [MonitoringItem] = []
        var reviews: [ReviewItem] = []
        var decisions: [DecisionItem] = []
        var evidence: [EvidenceItem] = []
        timeline.reserveCapacity(material.scoped.count)
        for entry in material.scoped {
            let who = actor(entry)
            let held = try roles(entry)
            timeline.append(
                TimelineItem(
                    entry: entry.sequence, time: ISOTime.string(micros: entry.timeMicros), actor: who, roles: held, type: entry.type,
                    version: Self.version(of: entry), summary: PayloadViews.summary(entry), highlight: PayloadViews.highlight(entry)))
            switch EntryKind(type: entry.type) {
            case .evaluation: evaluations.append(PayloadViews.evaluation(entry, actor: who))
            case .monitoring: monitoring.append(PayloadViews.monitoring(entry, actor: who))
            case .review: reviews.append(PayloadViews.review(entry, actor: who, roles: held))
            case .decision: decisions.append(PayloadViews.decision(entry, actor: who, roles: held, policies: policyItems))
            case .evidence: evidence.append(PayloadViews.evidence(entry, actor: who))
            default: break
            }
        }
        let usedPolicies = Set(decisions.compactMap(\.policyEntry))
        let policies = policyItems.filter { usedPolicies.contains($0.entry) }

        let versionNumbers = lineageVersions(info, request.version)
        let lineage = info.versions.filter { versionNumbers.contains($0.version) }.map { version in
            let registration = version.registration
            return LineageVersion(
                version: version.version, parent: registration.parent, stage: version.stage, entry: version.registeredEntry,
                registrant: version.registrant,
                artifacts: registration.artifacts.map { FileRef(name: $0.name, digest: $0.digest, size: $0.size, role: nil) },
                datasets: registration.datasets.map { FileRef(name: $0.name, digest: $0.digest, size: $0.size, role: $0.role) },
                code: registration.code.map { CodeRef(repository: $0.repository, commit: $0.commit, dirty: $0.dirty ?? false) },
                framework: registration.framework,
                params: registration.params.keys.sorted().map { NameValue(name: $0, value: registration.params[$0]!.description) },
                claimedMetrics: registration.metrics.keys.sorted().map {
                    NameValue(name: $0, value: registration.metrics[$0]!.description)
                },
                evaluations: evaluations.filter { $0.version == version.version }.map(\.entry),
                decisions: decisions.filter { $0.version == version.version }.map(\.entry),
                environment: registration.environment.map {
                    EnvironmentRef(
                        source: $0.source, python: $0.python, platform: $0.platform, gpus: $0.gpus, packages: $0.packages,
                        packageCount: $0.packages.count, files: $0.files.map { NameValue(name: $0.name, value: $0.digest) })
                })
        }

        let chosen = try checkpoint ?? ledger.latestCheckpoint()
        let integrity = try IntegrityChecker(ledger: ledger, directory: directory)
            .check(entries: material.cited, checkpoint: chosen, model: request.model)

        let versions = info.versions.filter { request.version == nil || $0.version == request.version }.map { version in
            VersionStatus(
                version: version.version, stage: version.stage, stageSince: version.stageSince, status: version.status,
                registrant: version.registrant, registered: version.registered, registeredEntry: version.registeredEntry,
                aliases: version.aliases,
                deployments: version.deployments.keys.sorted().map { Deployment(environment: $0, traffic: version.deployments[$0]!) },
                stages: Self.stageSpans(version.version, material.allEntries, registered: version))
        }
        let settings = try ServingCollector.settingsInForce(registry)
        let serving = ServingCollector.collect(material.allEntries, settings: settings).filter {
            request.version == nil || $0.version == request.version
        }
        let issues = OpenIssues.find(
            versions: versions, timeline: timeline, reviews: reviews, decisions: decisions, monitoring: monitoring, serving: serving)
        let summary = ModelSummarySection(
            model: info.model.model, purpose: info.model.purpose, owner: info.model.owner, riskTier: info.model.riskTier.rawValue,
            created: info.created, createdEntry: material.allEntries.first { $0.type == EventType.modelCreated }?.sequence ?? 0,
            tags: info.model.tags, versions: versions, serving: serving, servingPolicy: ServingCollector.policy(settings),
            openIssues: issues,
            counts: SummaryCounts(
                entries: timeline.count, evaluations: evaluations.count, monitoring: monitoring.count, reviews: reviews.count,
                decisions: decisions.count, overrides: decisions.filter { $0.result == "allow_with_override" }.count,
                refusals: timeline.filter { $0.highlight == "refusal" }.count),
            scoping: ScopingCollector.latest(material.allEntries, actor: actor))

        var report = AuditReport(
            generatedAt: ISOTime.string(now), generator: generator,
            ledger: LedgerFacts(origin: ledger.origin, logKey: ledger.logKey.description, size: try ledger.size()),
            scope: ReportScope(
                model: request.model, version: request.version, since: request.since.map(ISOTime.string),
                until: request.until.map(ISOTime.string), asOfEntry: request.asOfEntry,
                asOf: request.asOfEntry.map { _ in ISOTime.string(now) }),
            summary: summary, lineage: lineage, timeline: timeline, evaluations: evaluations, monitoring: monitoring,
            reviews: reviews, decisions: decisions, policies: policies, evidence: evidence, integrity: integrity, regulatory: [])
        let firstRegistration = lineage.map(\.entry).min() ?? 0
        let ledgerSize = try ledger.size()
        let lastDecision = decisions.map(\.entry).max() ?? ledgerSize
        report.policyChanges = try PolicyChanges.collect(registry: registry, from: firstRegistration, through: lastDecision)
        report.charts = ChartCollector.charts(report)
        let newest = report.lineage.map(\.version).sorted().suffix(2)
        if newest.count == 2, let first = newest.first, let last = newest.last {
            report.comparison = try? VersionDiff.compare(report, first, last)
        }
        report.regulatory = mapping.apply(EvidenceFinder.find(in: report), day: String(report.generatedAt.prefix(10)))
        for index in report.decisions.indices {
            report.decisions[index].regulation = mapping.inForce(on: String(report.decisions[index].time.prefix(10)))
        }
        return report
    }

    /// The versions shown in the lineage: the asked version and its ancestors, or all.
    func lineageVersions(_ info: ModelInfo, _ version: Int?) -> Set<Int> {
        guard let version else { return Set(info.versions.map(\.version)) }
        var out = Set<Int>()
        var next: Int? = version
        while let current = next, !out.contains(current) {
            out.insert(current)
            next = info.versions.first { $0.version == current }?.registration.parent
        }
        return out
    }

    /// The `policy.published` entry a decision used: named in its payload, else the latest set
    /// with the recorded hash, else the latest set published before it.
    func decisionPolicy(_ entry: Entry, _ policies: [Entry]) -> UInt64? {
        let json = JSONValue(parsing: entry.payload)
        if let named = json?["policySet"]?["entry"]?.integer { return UInt64(named) }
        if let named = json?.first("policySetEntry", "policy_set_entry", "policyEntry", "policy_entry", "policySetSeq", "policy_set_seq")?
            .integer
        {
            return UInt64(named)
        }
        let earlier = policies.filter { $0.sequence < entry.sequence }
        if let hash = json?.first("policySetHash", "policy_set_hash", "policyHash", "policy_hash", "policySet", "policy_set")?.text {
            if let match = earlier.last(where: { PayloadViews.policy($0, actor: "").hash == hash }) { return match.sequence }
        }
        return earlier.last?.sequence
    }

    /// Every entry about a model, in order: those whose payload's top-level `model` names it
    /// (the rule by which the registry links entries to models), from its `model.created` on.
    static func modelEntries(_ model: String, ledger: Ledger) throws -> [Entry] {
        let created = try ledger.entries(types: [EventType.modelCreated]).first { entry in
            JSONValue(parsing: entry.payload)?["model"]?.text == model
        }
        guard let created else { return [] }
        let needle = Array("\"model\":\"\(model)\"".utf8)
        return try ledger.entries(range: created.sequence...UInt64.max / 2).filter { entry in
            guard entry.payload.count >= needle.count, contains(entry.payload, needle) else { return false }
            return JSONValue(parsing: entry.payload)?["model"]?.text == model
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// The top-level `version` of an entry's payload.
    static func version(of entry: Entry) -> Int? {
        JSONValue(parsing: entry.payload)?["version"]?.integer
    }

    /// The stages a version went through, from its registration and stage changes.
    static func stageSpans(_ version: Int, _ entries: [Entry], registered: VersionInfo) -> [StageSpan] {
        var spans = [StageSpan(stage: "development", from: registered.registered, until: nil, entry: registered.registeredEntry)]
        for entry in entries where entry.type == EventType.stageChanged {
            guard let change = PayloadViews.decode(StageChanged.self, entry.payload), change.version == version else { continue }
            let time = ISOTime.string(micros: entry.timeMicros)
            spans[spans.count - 1].until = time
            spans.append(StageSpan(stage: change.to.rawValue, from: time, until: nil, entry: entry.sequence))
        }
        return spans
    }
}
