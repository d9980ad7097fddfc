import AttestLedger
import Foundation
import Testing

/// `ThreadWork` runs on a thread of its own and hands back what the work returned or threw.
@Suite struct ThreadWorkTests {
    @Test func theValueComesBackFromAnotherThread() throws {
        let caller = pthread_self()
        let work = ThreadWork(name: "attest.test") { () -> pthread_t in pthread_self() }
        #expect(try work.wait() != caller)
    }

    @Test func theErrorComesBackToTheWaiter() {
        struct Planted: Error, Equatable {}
        let work = ThreadWork(name: "attest.test") { () throws -> Int in throw Planted() }
        #expect(throws: Planted.self) { try work.wait() }
    }
}
