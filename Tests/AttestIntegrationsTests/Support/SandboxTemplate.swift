import Foundation
import Synchronization

/// A sandbox made once per test process and copied for every test that asks for one: for worlds
/// whose making runs external tools (`openssl`, `model_signing`: about a CPU-second per run),
/// which each test then changes freely in its own copy.
final class SandboxTemplate: Sendable {
    private let make: @Sendable () throws -> Sandbox
    private let made = Mutex<Swift.Result<URL, any Error>?>(nil)

    /// `make` runs once, by the first test that asks for a copy.
    init(_ make: @escaping @Sendable () throws -> Sandbox) {
        self.make = make
    }

    /// A new sandbox holding a copy of every file of the made one.
    func copy() throws -> Sandbox {
        let source = try made.withLock { cached in
            if let cached { return cached }
            let result = Swift.Result { try make().folder }
            cached = result
            return result
        }.get()
        let box = try Sandbox()
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: box.url(name))
        }
        return box
    }
}
