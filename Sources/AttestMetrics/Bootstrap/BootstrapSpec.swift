/// Settings of the nonparametric row bootstrap.
public struct BootstrapSpec: Sendable, Codable, Equatable {
    /// The number of replicates (e.g. 1000).
    public var replicates: Int
    /// The seed; the same seed gives the same intervals on any machine and thread count.
    public var seed: UInt64
    /// The confidence level of the percentile intervals (default 0.95).
    public var confidenceLevel: Double
    /// Worker threads; `nil` uses every active processor. Results do not depend on it.
    public var threads: Int?

    /// Creates bootstrap settings.
    /// - Parameters:
    ///   - replicates: The number of replicates.
    ///   - seed: The seed.
    ///   - confidenceLevel: The confidence level (default 0.95).
    ///   - threads: Worker threads (default: all processors).
    public init(replicates: Int, seed: UInt64, confidenceLevel: Double = 0.95, threads: Int? = nil) {
        self.replicates = replicates
        self.seed = seed
        self.confidenceLevel = confidenceLevel
        self.threads = threads
    }
}
