import Foundation

/// The OpenAPI 3.1 document of the HTTP API (`Resources/openapi.json`), served at
/// `GET /openapi.json`; `OpenAPIDocumentTests` keeps it and ``Routes/table`` in step.
enum APIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url) else {
            return Array(#"{"error":{"code":"not_found","message":"the API document was not installed with the daemon"}}"#.utf8)
        }
        return [UInt8](data)
    }()
}
