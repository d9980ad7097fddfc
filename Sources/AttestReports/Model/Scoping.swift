/// A model's regulatory scoping as its latest `model.scoped` entry records it.
public struct ScopingItem: Codable, Sendable, Equatable {
    /// The entry.
    public var entry: UInt64
    /// When (ISO 8601).
    public var time: String
    /// Who signed it (the owner or an admin).
    public var actor: String
    /// Whether it is a model in SR 26-2's sense.
    public var isModel: Bool
    /// Why.
    public var rationale: String
    /// Generative.
    public var generative: Bool
    /// Agentic.
    public var agentic: Bool
    /// Whether SR 26-2 covers it: a model, neither generative nor agentic.
    public var inSR262Scope: Bool
    /// The EU AI Act risk class.
    public var euAIActClass: String
    /// Why that class.
    public var euAIActRationale: String?
    /// The scoping in words, e.g. `outside SR 26-2 scope (generative)`.
    public var text: String
}
