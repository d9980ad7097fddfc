/// xoshiro256** 1.0 (Blackman and Vigna, 2018): 256 bits of state, output
/// `rotl(s1 * 5, 7) * 9`, period 2^256 - 1.
///
/// Each bootstrap replicate r has its own generator, so results do not depend on how
/// replicates are spread over threads: the four state words are the first four outputs of
/// `SplitMix64(state: mix(seed ^ mix(r &+ 0x9E3779B97F4A7C15)))`, with `mix` the SplitMix64
/// finaliser (see ``init(seed:stream:)``).
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Seeds the generator with the outputs of SplitMix64 started at `state`.
    /// - Parameter state: The SplitMix64 state.
    public init(splitMixState state: UInt64) {
        var sm = SplitMix64(state: state)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
    }

    /// The generator of stream `stream` (a bootstrap replicate index) under `seed`.
    /// - Parameters:
    ///   - seed: The user's seed.
    ///   - stream: The stream (replicate) index.
    public init(seed: UInt64, stream: UInt64) {
        self.init(splitMixState: SplitMix64.mix(seed ^ SplitMix64.mix(stream &+ 0x9E37_79B9_7F4A_7C15)))
    }

    /// The next 64 random bits.
    /// - Returns: 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` by Lemire's multiply-and-reject method (exactly
    /// uniform: the rare biased draws are rejected).
    /// - Parameter bound: The exclusive upper bound, greater than 0.
    /// - Returns: The integer.
    @inline(__always)
    public mutating func uniform(below bound: UInt64) -> UInt64 {
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return m.high
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
