import AttestLedger
import AttestPolicy
import AttestRegistry
import AttestServer
import Foundation

/// The acts the command line runs through a server, returning what the local commands return
/// so that the output is the same.
enum RemoteActs {
    /// `approve` or `reject`: the review entry.
    static func review(
        _ client: ServerClient, _ act: ActRequest.Act, _ model: String, version: Int, stage: AttestPolicy.Stage, comment: String?
    ) throws -> UInt64 {
        var request = ActRequest(act: act)
        request.model = model
        request.version = version
        request.stage = stage.rawValue
        request.comment = comment
        let step = try client.act(request)
        guard let entry = step.result?["entry"]?.integerValue else { throw unreadable(client) }
        return UInt64(entry)
    }

    /// `promote`: the outcome, rebuilt from the signed decision entry the server returns.
    static func promote(
        _ client: ServerClient, _ model: String, version: Int, to stage: AttestPolicy.Stage, override: OverrideRequest?
    ) throws -> PromotionOutcome {
        var request = ActRequest(act: .promote)
        request.model = model
        request.version = version
        request.stage = stage.rawValue
        request.override = override?.rules
        request.justification = override?.justification
        let step = try client.act(request)
        guard let decision = step.result?["decision"]?.integerValue else { throw unreadable(client) }
        let entry = try client.get(EntryBody.self, "/v1/entries/\(decision)")
        let record: PromotionDecided
        do { record = try JSONDecoder().decode(PromotionDecided.self, from: Data(entry.payload.utf8)) } catch {
            throw unreadable(client)
        }
        let changes: [UInt64] =
            if case .array(let values)? = step.result?["stageChanges"] { values.compactMap(\.integerValue).map(UInt64.init) } else { [] }
        let archived: [Int] =
            if case .array(let values)? = step.result?["archived"] { values.compactMap(\.integerValue).map(Int.init) } else { [] }
        return PromotionOutcome(entry: UInt64(decision), record: record, stageChanges: changes, archived: archived)
    }

    /// Runs a one-entry act whose fields `fill` sets.
    static func simple(_ client: ServerClient, _ kind: ActRequest.Act, _ fill: (inout ActRequest) -> Void) throws {
        var request = ActRequest(act: kind)
        fill(&request)
        _ = try client.act(request)
    }

    /// `policy publish` or `policy approve`: the publication as the registry describes it, or
    /// `nil` with the message when the set was already in force or pending (nothing recorded).
    static func policy(_ client: ServerClient, _ request: ActRequest) throws -> (info: PolicySetInfo?, message: String?) {
        let step = try client.act(request)
        if case .bool(false)? = step.result?["published"] { return (nil, step.result?["message"]?.stringValue ?? "") }
        guard let info = step.result?["info"]?.decoded(as: PolicySetInfo.self) else { throw unreadable(client) }
        return (info, nil)
    }

    /// `mlflow audit --enforce`: records the move back the client made in MLflow.
    static func revertAlias(_ client: ServerClient, _ event: MLflowAliasReverted) throws -> UInt64 {
        var request = ActRequest(act: .mlflowAliasRevert)
        request.model = event.model
        request.aliasReverted = event
        let step = try client.act(request)
        guard let entry = step.result?["entry"]?.integerValue else { throw unreadable(client) }
        return UInt64(entry)
    }

    static func unreadable(_ client: ServerClient) -> CommandFailure {
        CommandFailure("the server at \(client.base) answered without the act's result", exitCode: AttestExit.system)
    }
}
