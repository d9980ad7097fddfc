import CSodium

/// One-time initialisation of libsodium.
///
/// libsodium must be initialised before its first use; `sodium_init()` is thread-safe and
/// idempotent, and a `static let` runs it exactly once per process.
enum Sodium {
    /// Touch this before calling any libsodium function.
    static let ready: Void = {
        guard sodium_init() >= 0 else { fatalError("libsodium could not be initialised") }
    }()
}
