import AttestLedger
import AttestRegistry
import Dispatch
import Foundation
import Synchronization

/// One act in progress (`attest-append/1`): the registry command runs on its own thread inside
/// the ledger's write transaction, and each entry it appends is proposed to the client, whose
/// signature this session waits for. See docs/log-format.md section 14.
final class SigningSession: Sendable {
    /// What an HTTP handler waiting on the session receives.
    enum Event: Sendable {
        /// An entry to sign.
        case proposal(Proposal)
        /// The act ended.
        case finished(Result<ActResult, ServerError>)
    }

    /// A finished act's answer.
    struct ActResult: Sendable {
        var fields: [String: JSONValue]
        var entries: [UInt64]
    }

    private enum Answer { case signature([UInt8]), decline }

    private struct Waiting {
        let index: Int
        let type: String
        let payload: [UInt8]
        let sequence: UInt64
        let semaphore: DispatchSemaphore
        var answer: Answer?
    }

    private struct State {
        var events: [Event] = []
        var waiter: CheckedContinuation<Event, Never>?
        var waiting: Waiting?
        var nextIndex = 0
        var signed: [(sequence: UInt64, type: String)] = []
        var unsignedRefusal: ActionRefused?
    }

    /// The session's id (random, 128 bits).
    let id: String
    /// The acting actor.
    let caller: Caller
    /// The act asked for.
    let act: ActRequest
    private let timeout: TimeInterval
    private let state = Mutex(State())

    init(caller: Caller, act: ActRequest, timeout: TimeInterval) {
        self.id = UUID().uuidString.lowercased()
        self.caller = caller
        self.act = act
        self.timeout = timeout
    }

    /// The signer that proposes each entry to the client.
    var signer: Signer {
        Signer(remote: caller.key) { [self] body in try self.propose(body) }
    }

    /// The entries signed so far, with their types (those of a rolled-back transaction included).
    var signed: [(sequence: UInt64, type: String)] { state.withLock { $0.signed } }

    /// The refusal the client did not sign, when there was one.
    var unsignedRefusal: ActionRefused? { state.withLock { $0.unsignedRefusal } }

    /// Waits for the next event.
    func next() async -> Event {
        await withCheckedContinuation { continuation in
            let ready: Event? = state.withLock { s in
                if !s.events.isEmpty { return s.events.removeFirst() }
                s.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Posts an event to the waiting handler, or keeps it for the next one.
    func post(_ event: Event) {
        let waiter: CheckedContinuation<Event, Never>? = state.withLock { s in
            if let w = s.waiter {
                s.waiter = nil
                return w
            }
            s.events.append(event)
            return nil
        }
        waiter?.resume(returning: event)
    }

    /// Hands the client's signature (or refusal to sign) to the waiting command.
    /// - Returns: `false` when no proposal with that index is waiting.
    func answer(index: Int, signature: [UInt8]?) -> Bool {
        state.withLock { s in
            guard var waiting = s.waiting, waiting.index == index, waiting.answer == nil else { return false }
            waiting.answer = signature.map(Answer.signature) ?? .decline
            s.waiting = waiting
            waiting.semaphore.signal()
            return true
        }
    }

    /// Runs on the command's thread, inside the write transaction: proposes `body` and waits.
    private func propose(_ body: [UInt8]) throws -> [UInt8] {
        let semaphore = DispatchSemaphore(value: 0)
        let proposal: Proposal = try state.withLock { s in
            let proposal = try Proposal(index: s.nextIndex, body: body)
            s.nextIndex += 1
            s.waiting = Waiting(
                index: proposal.index, type: proposal.type, payload: Array(proposal.payload.utf8), sequence: proposal.sequence,
                semaphore: semaphore)
            return proposal
        }
        post(.proposal(proposal))
        _ = semaphore.wait(timeout: .now() + timeout)
        return try state.withLock { s in
            guard let waiting = s.waiting else { throw ServerError(.system, "the proposal vanished") }
            s.waiting = nil
            switch waiting.answer {
            case .signature(let signature)?:
                guard signature.count == 64, caller.key.publicKey.isValidSignature(signature, for: body) else {
                    throw ServerError(
                        .badSignature,
                        "the signature on proposal \(waiting.index) does not verify with \(caller.name)'s key; nothing was written")
                }
                s.signed.append((waiting.sequence, waiting.type))
                return signature
            case .decline?:
                if waiting.type == EventType.actionRefused { s.unsignedRefusal = Self.refusal(waiting.payload) }
                throw ServerError(
                    .conflict, "\(caller.name) declined to sign proposal \(waiting.index) (\(waiting.type)); nothing was written")
            case nil:
                if waiting.type == EventType.actionRefused { s.unsignedRefusal = Self.refusal(waiting.payload) }
                throw ServerError(
                    .timeout,
                    "no signature for proposal \(waiting.index) (\(waiting.type)) within \(Int(timeout)) s; the act was rolled back")
            }
        }
    }

    private static func refusal(_ payload: [UInt8]) -> ActionRefused? {
        try? JSONDecoder().decode(ActionRefused.self, from: Data(payload))
    }
}
