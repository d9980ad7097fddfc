/// SplitMix64 (Steele, Lea and Flood, 2014; the reference `splitmix64.c` by Sebastiano Vigna):
/// the state advances by the golden-ratio increment 0x9E3779B97F4A7C15 and each output is the
/// state passed through ``mix(_:)``. Used only to seed ``Xoshiro256StarStar``.
public struct SplitMix64: Sendable {
    /// The current state.
    public private(set) var state: UInt64

    /// Creates a generator with the given state.
    /// - Parameter state: The initial state.
    public init(state: UInt64) { self.state = state }

    /// The SplitMix64 finaliser: `z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27;
    /// z *= 0x94D049BB133111EB; z ^= z >> 31`.
    /// - Parameter value: The input.
    /// - Returns: The mixed value.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Advances the state and returns the next output.
    /// - Returns: 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }
}
