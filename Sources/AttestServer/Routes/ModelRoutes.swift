import AttestRegistry
import Foundation
import HTTPTypes
import Hummingbird

/// The registry's read models: models and their versions.
enum ModelRoutes {
    static func add(to book: RouteBook) {
        let state = book.state
        book.add(.get, "/v1/models", access: .read) { _ in
            let models = try await offload { try state.reader.models() }
            return try JSONResponse.make(["models": models])
        }
        book.add(.get, "/v1/models/{name}", access: .read) { call in
            let name = call.parameter("name")
            let model = try await offload { try state.reader.model(name) }
            return try JSONResponse.make(model)
        }
        book.add(.get, "/v1/models/{name}/versions/{version}", access: .read) { call in
            let name = call.parameter("name")
            guard let version = Int(call.parameter("version")), version > 0 else {
                throw ServerError(.badInput, "the version must be a positive whole number")
            }
            let found = try await offload { try state.reader.version(name, version) }
            return try JSONResponse.make(found)
        }
    }
}
