import AttestMetrics
import AttestPolicy
import Foundation

/// A decision's facts read an evaluation payload with ``CanonicalReader``, which reads past the
/// fields the gates do not use (the curves, the groups' intervals) without building them. With
/// `JSONDecoder` a decision spent about two fifths of its time scanning these payloads. Anything
/// outside the reader's subset (a repeated key, `null`, white space, `-0`) goes to
/// `JSONDecoder`, whose value and refusals stay the reference: `GatedEvaluationReadingTests`
/// holds the two equal on recorded payloads and thousands of hostile variants.
extension GatedEvaluation: ReadableEvent {
    private static let fields = CanonicalReader.Fields(["data", "datasetRole", "report"], skippingOthers: true)
    private static let dataFields = CanonicalReader.Fields(["digest"], skippingOthers: true)
    private static let reportFields = CanonicalReader.Fields(
        ["groupings", "overall"], optional: ["bootstrap"], skippingOthers: true)
    private static let bootstrapFields = CanonicalReader.Fields(["confidenceLevel"], skippingOthers: true)

    init(reading reader: inout CanonicalReader) throws {
        var (data, role, report): (DataFile?, String, Report?) = (nil, "", nil)
        try reader.object(Self.fields) { reader, field in
            switch field {
            case 0:
                var digest = ""
                try reader.object(Self.dataFields) { reader, _ in digest = try reader.string() }
                data = DataFile(digest: digest)
            case 1: role = try reader.string()
            default: report = try Self.report(&reader)
            }
        }
        guard let data, let report else { throw CanonicalReader.Declined() }
        self.init(datasetRole: role, data: data, report: report)
    }

    private static func report(_ reader: inout CanonicalReader) throws -> Report {
        var (groupings, overall, bootstrap): ([Grouping], [String: MetricValue], Bootstrap?) = ([], [:], nil)
        try reader.object(reportFields) { reader, field in
            switch field {
            case 0: groupings = try reader.array { try Grouping(reading: &$0) }
            case 1: overall = try reader.dictionary { try MetricValue.read(&$0) }
            default:
                var level = 0.0
                try reader.object(bootstrapFields) { reader, _ in level = try reader.double() }
                bootstrap = Bootstrap(confidenceLevel: level)
            }
        }
        return Report(overall: overall, groupings: groupings, bootstrap: bootstrap)
    }
}

extension GatedEvaluation.Grouping {
    private static let fields = CanonicalReader.Fields(
        ["columns", "disparities", "groups"], optional: ["fourFifths"], skippingOthers: true)
    private static let fourFifthsFields = CanonicalReader.Fields(["ratio"], skippingOthers: true)

    init(reading reader: inout CanonicalReader) throws {
        var (columns, disparities, groups): ([String], [GatedEvaluation.Disparity], [GatedEvaluation.Group]) = ([], [], [])
        var fourFifths: GatedEvaluation.FourFifths?
        try reader.object(Self.fields) { reader, field in
            switch field {
            case 0: columns = try reader.array { try $0.string() }
            case 1: disparities = try reader.array { try GatedEvaluation.Disparity(reading: &$0) }
            case 2: groups = try reader.array { try GatedEvaluation.Group(reading: &$0) }
            default:
                var ratio = MetricValue.undefined(reason: "")
                try reader.object(Self.fourFifthsFields) { reader, _ in ratio = try MetricValue.read(&reader) }
                fourFifths = GatedEvaluation.FourFifths(ratio: ratio)
            }
        }
        self.init(columns: columns, groups: groups, disparities: disparities, fourFifths: fourFifths)
    }
}

extension GatedEvaluation.Group {
    private static let fields = CanonicalReader.Fields(["count", "insufficient", "label", "metrics"], skippingOthers: true)

    init(reading reader: inout CanonicalReader) throws {
        var (count, insufficient, label, metrics): (Int, Bool, String, [String: MetricValue]) = (0, false, "", [:])
        try reader.object(Self.fields) { reader, field in
            switch field {
            case 0: count = try reader.int()
            case 1: insufficient = try reader.bool()
            case 2: label = try reader.string()
            default: metrics = try reader.dictionary { try MetricValue.read(&$0) }
            }
        }
        self.init(label: label, count: count, insufficient: insufficient, metrics: metrics)
    }
}

extension GatedEvaluation.Disparity {
    private static let fields = CanonicalReader.Fields(
        ["method", "name", "value"], optional: ["aggregation", "interval"], skippingOthers: true)
    private static let intervalFields = CanonicalReader.Fields(["lower", "upper"], skippingOthers: true)

    init(reading reader: inout CanonicalReader) throws {
        var (method, name, value): (String, String, MetricValue) = ("", "", .undefined(reason: ""))
        var (aggregation, interval): (String?, GatedEvaluation.Interval?) = (nil, nil)
        try reader.object(Self.fields) { reader, field in
            switch field {
            case 0: method = try reader.string()
            case 1: name = try reader.string()
            case 2: value = try MetricValue.read(&reader)
            case 3: aggregation = try reader.string()
            default:
                var (lower, upper) = (MetricValue.undefined(reason: ""), MetricValue.undefined(reason: ""))
                try reader.object(Self.intervalFields) { reader, field in
                    if field == 0 { lower = try MetricValue.read(&reader) } else { upper = try MetricValue.read(&reader) }
                }
                interval = GatedEvaluation.Interval(lower: lower, upper: upper)
            }
        }
        self.init(name: name, method: method, aggregation: aggregation, value: value, interval: interval)
    }
}

extension MetricValue {
    private static let undefinedFields = CanonicalReader.Fields(["undefined"])

    /// A metric value as its `init(from:)` decodes it: a number, or `{"undefined": reason}` with
    /// no other key (`null` is outside the reader's subset and goes to `JSONDecoder`).
    static func read(_ reader: inout CanonicalReader) throws -> MetricValue {
        guard reader.atObject else { return .checked(try reader.double(), orUndefined: "not finite") }
        var reason = ""
        try reader.object(undefinedFields) { reader, _ in reason = try reader.string() }
        return .undefined(reason: reason)
    }
}
