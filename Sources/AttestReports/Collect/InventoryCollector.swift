import AttestLedger
import AttestRegistry
import Foundation

extension ReportCollector {
    /// The model inventory: every model with its versions, stages, risk tier, last evaluation and
    /// approval, pending or overdue reviews with the next review date, and open rejections.
    /// - Parameters:
    ///   - reviewDays: a version waiting in staging longer than this without approval is overdue.
    ///   - revalidationDays: a production version whose last approval is older than this (or
    ///     that has none) is overdue for periodic review.
    /// - Throws: `LedgerError` / `RegistryError` for storage failures.
    public func inventory(reviewDays: Int = 30, revalidationDays: Int = 365) throws -> Inventory {
        let ledger = registry.ledger
        var models: [InventoryModel] = []
        let directory = try ledger.keyDirectory()
        let settings = try ServingCollector.settingsInForce(registry)
        // With witnesses, review dates run on witnessed time: a writer's clock set ahead or back
        // moves neither "now" nor the times of the approvals and stage changes they start from.
        let witnessed = try registry.witnessedTimeline(writerNow: now)
        func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
        for summary in try registry.models() {
            let info = try registry.model(summary.name)
            var lastEvaluation: [Int: Int64] = [:]
            var lastApproval: [Int: (seq: UInt64, micros: Int64)] = [:]
            var stageEntered: [Int: UInt64] = [:]
            for item in try registry.history(summary.name) {
                let kind = EntryKind(type: item.type)
                guard kind == .evaluation || EntryKind.isApproval(item.type) || item.type == EventType.stageChanged else { continue }
                let entry = try ledger.entry(at: item.entry)
                guard let version = ReportCollector.version(of: entry) else { continue }
                if kind == .evaluation { lastEvaluation[version] = max(lastEvaluation[version] ?? .min, entry.timeMicros) }
                if EntryKind.isApproval(item.type) {
                    lastApproval[version] = (entry.sequence, witnessed.map { micros($0.time(of: entry.sequence)) } ?? entry.timeMicros)
                }
                if item.type == EventType.stageChanged { stageEntered[version] = entry.sequence }
            }
            let nowMicros = micros(witnessed?.now ?? now)
            let day: Int64 = 86_400_000_000
            let versions = try info.versions.map { version -> InventoryVersion in
                var review = "none"
                var detail: String?
                var nextReview: Int64?
                let approval = lastApproval[version.version]
                let stageMicros =
                    witnessed.map { micros($0.time(of: stageEntered[version.version] ?? version.registeredEntry)) }
                    ?? ISOTime.parse(version.stageSince).map { Int64($0.timeIntervalSince1970 * 1_000_000) } ?? nowMicros
                if version.status == "active" && version.stage == "staging" {
                    let entered = stageEntered[version.version] ?? version.registeredEntry
                    if approval.map({ $0.seq < entered }) ?? true {
                        let waited = (nowMicros - stageMicros) / day
                        review = waited > Int64(reviewDays) ? "overdue" : "pending"
                        detail = "awaiting approval for \(waited) days (limit \(reviewDays))"
                        nextReview = stageMicros + Int64(reviewDays) * day
                    }
                } else if version.status == "active" && version.stage == "production" {
                    let age = approval.map { (nowMicros - $0.micros) / day }
                    nextReview = (approval?.micros ?? stageMicros) + Int64(revalidationDays) * day
                    if age == nil || age! > Int64(revalidationDays) {
                        review = "overdue"
                        detail =
                            age.map { "last approval \($0) days ago (revalidation every \(revalidationDays) days)" }
                            ?? "in production with no approval recorded"
                    }
                }
                let reviews = try registry.reviews(summary.name, version: version.version).filter { $0.withdrawnBy == nil }
                let rejections = reviews.filter { $0.verdict == "reject" }
                return InventoryVersion(
                    version: version.version, stage: version.stage, status: version.status, stageSince: version.stageSince,
                    lastEvaluation: lastEvaluation[version.version].map { ISOTime.string(micros: $0) },
                    lastApproval: approval.map { ISOTime.string(micros: $0.micros) }, review: review, reviewDetail: detail,
                    nextReview: nextReview.map { ISOTime.string(micros: $0) },
                    openRejections: rejections.map {
                        OpenRejection(entry: $0.entry, actor: $0.actor, stage: $0.stage, time: $0.time, comment: $0.comment)
                    },
                    staleApprovals: reviews.filter(\.isStale).map {
                        StaleApproval(entry: $0.entry, actor: $0.actor, stage: $0.stage, newerEvidence: $0.newerEvidence)
                    })
            }
            let entries = try ReportCollector.modelEntries(summary.name, ledger: ledger)
            let serving = ServingCollector.collect(entries, settings: settings)
            models.append(
                InventoryModel(
                    name: summary.name, owner: summary.owner, purpose: summary.purpose, riskTier: summary.riskTier, versions: versions,
                    lastEvaluation: lastEvaluation.values.max().map { ISOTime.string(micros: $0) },
                    lastApproval: lastApproval.values.map(\.micros).max().map { ISOTime.string(micros: $0) },
                    pendingReviews: versions.filter { $0.review == "pending" }.count,
                    overdueReviews: versions.filter { $0.review == "overdue" }.count, serving: serving,
                    unbackedServing: serving.filter { !$0.backed }.count,
                    scoping: ScopingCollector.latest(entries) { directory.records[$0.signer]?.key.name ?? "unknown" },
                    openRejections: versions.reduce(0) { $0 + $1.openRejections.count },
                    nextReview: versions.compactMap(\.nextReview).min()))
        }
        let versions = models.flatMap(\.versions)
        return Inventory(
            generatedAt: ISOTime.string(now), generator: generator,
            ledger: LedgerFacts(origin: ledger.origin, logKey: ledger.logKey.description, size: try ledger.size()),
            reviewDays: reviewDays, revalidationDays: revalidationDays, reviewTimes: witnessed == nil ? "writer" : "witnessed",
            servingPolicy: ServingCollector.policy(settings), models: models,
            totals: InventoryTotals(
                models: models.count, versions: versions.count, inProduction: versions.filter { $0.stage == "production" }.count,
                pendingReviews: versions.filter { $0.review == "pending" }.count,
                overdueReviews: versions.filter { $0.review == "overdue" }.count,
                serving: models.reduce(0) { $0 + $1.serving.count }, unbackedServing: models.reduce(0) { $0 + $1.unbackedServing },
                openRejections: models.reduce(0) { $0 + $1.openRejections },
                staleApprovals: versions.reduce(0) { $0 + $1.staleApprovals.count }))
    }
}
