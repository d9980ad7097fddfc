extension EventType {
    /// A model's regulatory scoping, recorded by its owner (docs/registry.md, "Scoping").
    public static let modelScoped = "model.scoped"
}

/// `model.scoped`: whether a model is a model in SR 26-2's sense, with the rationale, whether it
/// is generative or agentic (which SR 26-2 leaves outside its scope), and its EU AI Act risk
/// class. The latest entry of a model is its scoping; each is signed by the model's owner (or an
/// admin).
public struct ModelScoped: Codable, Sendable, Equatable {
    /// The EU AI Act risk classes a scoping may name.
    public static let euAIActClasses = ["prohibited", "high", "limited", "minimal", "gpai", "not-applicable"]

    /// The model.
    public var model: String
    /// Whether it is a model in SR 26-2's sense (a quantitative method whose output informs decisions).
    public var isModel: Bool
    /// Why (or why not).
    public var rationale: String
    /// Whether it is a generative model.
    public var generative: Bool
    /// Whether it is an agentic system.
    public var agentic: Bool
    /// One of ``euAIActClasses``.
    public var euAIActClass: String
    /// Why that class (e.g. the Annex III point), when given.
    public var euAIActRationale: String?

    /// Makes the event.
    public init(
        model: String, isModel: Bool, rationale: String, generative: Bool, agentic: Bool, euAIActClass: String, euAIActRationale: String?
    ) {
        self.model = model
        self.isModel = isModel
        self.rationale = rationale
        self.generative = generative
        self.agentic = agentic
        self.euAIActClass = euAIActClass
        self.euAIActRationale = euAIActRationale
    }

    /// Whether SR 26-2 covers the model: a model, and neither generative nor agentic.
    public var inSR262Scope: Bool { isModel && !generative && !agentic }
}
