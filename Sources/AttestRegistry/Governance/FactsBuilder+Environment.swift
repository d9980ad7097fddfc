import AttestPolicy
import Foundation
import GRDB

extension FactsBuilder {
    /// Whether a rule of `set` reads the version's environment (`required_environment`). Only
    /// then do the facts carry it, so facts (and their digests) of sets without such a rule are
    /// what they were before the rule kind existed.
    static func readsEnvironment(_ set: PolicySet) -> Bool {
        set.policies.contains { policy in policy.rules.contains { $0.kind == .requiredEnvironment } }
    }

    /// Adds the environment recorded with the version (its registration's `environment`) to
    /// `built`'s facts when `set` reads it.
    /// - Throws: `RegistryError` when the registration entry is missing.
    static func addEnvironment(to built: inout Built, set: PolicySet, _ db: Database) throws {
        guard readsEnvironment(set), let seq = built.facts.version.registeredSeq else { return }
        struct Registered: Decodable { var environment: EnvironmentRecord? }
        guard let payload = try Data.fetchOne(db, sql: "SELECT payload FROM entries WHERE seq = ?", arguments: [Int64(seq)]) else {
            throw RegistryError(.notFound, "entry \(seq) is missing; run 'attest verify'")
        }
        guard let environment = (try? JSONDecoder().decode(Registered.self, from: payload))?.environment else { return }
        built.facts.version.environment = EnvironmentFact(python: environment.python, packages: environment.packages, seq: seq)
    }
}
