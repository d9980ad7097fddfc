import Foundation
import HTTPTypes
import NIOCore
import Testing

@testable import AttestServer

/// docs/openapi.yaml is the contract: it lists exactly the routes the server has.
@Suite struct OpenAPIRouteTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `paths` of the OpenAPI file: `METHOD PATH` per operation.
    static func documentedRoutes() throws -> Set<String> {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        var routes: Set<String> = []
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            guard inPaths else { continue }
            if !line.hasPrefix(" "), !line.isEmpty { break }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "delete", "patch", "head"].contains(String(key)) {
                    routes.insert("\(key.uppercased()) \(path)")
                }
            }
        }
        return routes
    }

    @Test func theFileListsExactlyTheServersRoutes() throws {
        let fixture = try ServerFixture()
        let book = ServerRoutes.build(state: try ServerState(configuration: fixture.configuration()))
        let served = Set(book.routes.map { "\($0.method) \($0.path)" })
        let documented = try Self.documentedRoutes()
        #expect(!documented.isEmpty)
        #expect(served.subtracting(documented).isEmpty, "routes missing from docs/openapi.yaml")
        #expect(documented.subtracting(served).isEmpty, "docs/openapi.yaml lists routes the server lacks")
    }

    @Test func everyDocumentedRouteAnswersSomethingOtherThanNoRoute() async throws {
        let fixture = try ServerFixture()
        let documented = try Self.documentedRoutes()
        try await serving(fixture.configuration()) { client in
            for route in documented.sorted() {
                let parts = route.split(separator: " ")
                let uri = parts[1].replacingOccurrences(of: "{sequence}", with: "0").replacingOccurrences(of: "{name}", with: "m")
                    .replacingOccurrences(of: "{version}", with: "1").replacingOccurrences(of: "{session}", with: "s")
                let response = try await client.execute(uri: uri, method: .init(String(parts[0]))!)
                let message = String(decoding: response.body.readableBytesView, as: UTF8.self)
                #expect(!message.contains("no route"), "\(route): \(message)")
            }
        }
    }
}
