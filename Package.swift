// swift-tools-version:6.1
// Caseflow: a rule-driven workflow engine for after-sales service.
//
// The core modules (CaseflowYAML, CaseflowExpr, CaseflowModel) depend on nothing but Foundation
// and the system libyaml, so they build and test in seconds. Heavy server packages stay out of them.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Caseflow",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "caseflow", targets: ["CaseflowCLI"]),
        .executable(name: "cel-conformance", targets: ["CELConformance"]),
        .executable(name: "caseflow-bench", targets: ["CaseflowBench"]),
        .library(name: "CaseflowExpr", targets: ["CaseflowExpr"]),
        .library(name: "CaseflowSource", targets: ["CaseflowSource"]),
        .library(name: "CaseflowYAML", targets: ["CaseflowYAML"]),
        .library(name: "CaseflowModel", targets: ["CaseflowModel"]),
        .library(name: "CaseflowCalendar", targets: ["CaseflowCalendar"]),
        .library(name: "CaseflowEngine", targets: ["CaseflowEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The daemon's packages; only CaseflowStore, CaseflowServer and the CLI depend on them.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        // SHA-256 for request fingerprints (idempotency) in the daemon.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        // The daemon's connection handlers (a body timeout) sit in Hummingbird's NIO pipeline.
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.24.0"),
        // The shared store of several daemons; only CaseflowPostgres depends on it.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        // Webhook deliveries (HTTP and HTTPS POSTs to other systems); only CaseflowServer uses it.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // Where a definition came from (file, line, column): shared by the YAML reader, the
        // model, the engine's audit and the stores, so the engine needs no YAML parser.
        .target(name: "CaseflowSource", swiftSettings: strict),
        .target(name: "CaseflowYAML", dependencies: ["CYAML", "CaseflowSource"], swiftSettings: strict),
        // SQLite 3.54.1 compiled into the program (the amalgamation from vapor/sqlite-nio 1.13.2,
        // its `sqlite_nio_` prefix taken off). GRDB still compiles against the system's header and
        // names `-lsqlite3`, but its calls bind to these definitions: a symbol defined in the
        // program's own objects always wins over a shared library's (scripts/test checks that no
        // sqlite3_ symbol is left for the library to supply).
        // Debian 12's SQLite 3.40.1 has the WAL-reset race (fixed in 3.51.3) that a checkpoint on
        // a second connection, as the store's background checkpointer does, could hit.
        .target(
            name: "CSQLite",
            exclude: ["README.md"],
            cSettings: [
                .define("SQLITE_THREADSAFE", to: "1"),
                // Memory statistics take a global mutex on every allocation (a hundred and more
                // per stored event); nothing reads them.
                .define("SQLITE_DEFAULT_MEMSTATUS", to: "0"),
                .define("SQLITE_USE_URI", to: "1"),
                .define("SQLITE_ENABLE_COLUMN_METADATA"),
                .define("SQLITE_ENABLE_DBSTAT_VTAB"),
                .define("SQLITE_ENABLE_FTS3"),
                .define("SQLITE_ENABLE_FTS3_PARENTHESIS"),
                .define("SQLITE_ENABLE_FTS4"),
                .define("SQLITE_ENABLE_FTS5"),
                .define("SQLITE_ENABLE_MATH_FUNCTIONS"),
                .define("SQLITE_ENABLE_PREUPDATE_HOOK"),
                .define("SQLITE_ENABLE_RTREE"),
                .define("SQLITE_ENABLE_SESSION"),
                .define("SQLITE_ENABLE_SNAPSHOT"),
                .define("SQLITE_ENABLE_STMTVTAB"),
                .define("SQLITE_ENABLE_UNLOCK_NOTIFY"),
                .define("SQLITE_LIKE_DOESNT_MATCH_BLOBS"),
                .define("SQLITE_MAX_VARIABLE_NUMBER", to: "250000"),
                // What configure would find on Linux: without HAVE_USLEEP, a busy wait sleeps
                // whole seconds.
                .define("HAVE_USLEEP", to: "1"),
                .define("HAVE_FDATASYNC", to: "1"),
                .define("HAVE_LOCALTIME_R", to: "1"),
                .define("HAVE_GMTIME_R", to: "1"),
                .define("HAVE_ISNAN", to: "1"),
                .define("HAVE_STRCHRNUL", to: "1"),
                // SQLite's own speed matters in debug builds too: the store tests write much.
                // DWARF 4, because valgrind 3.19 (callgrind, BENCHMARKS.md) cannot read the
                // DWARF 5 that clang writes for this file by default.
                .unsafeFlags(["-O2", "-gdwarf-4", "-w"]),
            ]
        ),
        .target(name: "CaseflowExpr", swiftSettings: strict),
        .target(name: "CaseflowModel", dependencies: ["CaseflowSource", "CaseflowYAML", "CaseflowExpr", "CaseflowCalendar"], swiftSettings: strict),
        .target(name: "CaseflowCalendar", dependencies: ["CaseflowExpr"], swiftSettings: strict),
        .target(name: "CaseflowEngine", dependencies: ["CaseflowModel", "CaseflowExpr", "CaseflowCalendar", "CaseflowSource"], swiftSettings: strict),
        .target(name: "CaseflowScenarios", dependencies: ["CaseflowEngine", "CaseflowModel", "CaseflowExpr", "CaseflowSource", "CaseflowYAML"], swiftSettings: strict),
        // Fast JSON for what the daemon writes on every step; Foundation only, like the engine.
        .target(name: "CaseflowJSON", dependencies: ["CaseflowEngine", "CaseflowModel", "CaseflowExpr", "CaseflowReport"], swiftSettings: strict),
        // Service-quality reports from the cases' report rows: the figures and their text, CSV
        // and HTML forms (the JSON is CaseflowJSON's). Pure: the caller reads the rows.
        .target(name: "CaseflowReport", dependencies: ["CaseflowEngine", "CaseflowExpr", "CaseflowModel"], swiftSettings: strict),
        .target(
            name: "CaseflowStore",
            dependencies: [
                "CaseflowEngine", "CaseflowJSON", "CaseflowModel", "CaseflowExpr", "CaseflowSource", "CaseflowReport",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
                "CSQLite",
            ],
            swiftSettings: strict
        ),
        // The PostgreSQL store: the same seam as SQLite, for several daemons over one database.
        .target(
            name: "CaseflowPostgres",
            dependencies: [
                "CaseflowStore", "CaseflowEngine", "CaseflowJSON", "CaseflowExpr",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CaseflowServer",
            dependencies: [
                "CaseflowStore", "CaseflowPostgres", "CaseflowEngine", "CaseflowJSON", "CaseflowModel", "CaseflowExpr", "CaseflowReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "CaseflowCLI",
            dependencies: [
                "CaseflowModel",
                "CaseflowExpr",
                "CaseflowCalendar",
                "CaseflowEngine",
                "CaseflowScenarios",
                "CaseflowServer",
                "CaseflowStore",
                "CaseflowReport",
                "CaseflowJSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "CELConformance", dependencies: ["CaseflowExpr"], swiftSettings: strict),
        // Benchmarks of the core modules only, so a release build of them takes a minute, not twenty.
        .executableTarget(
            name: "CaseflowBench",
            dependencies: ["CaseflowExpr", "CaseflowCalendar", "CaseflowModel", "CaseflowEngine", "CaseflowJSON", "CaseflowStore", "CaseflowPostgres", "CaseflowReport",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: strict
        ),
        .testTarget(name: "CaseflowYAMLTests", dependencies: ["CaseflowYAML", "CaseflowSource"], swiftSettings: strict),
        .testTarget(name: "CaseflowExprTests", dependencies: ["CaseflowExpr"], swiftSettings: strict),
        .testTarget(
            name: "CaseflowModelTests",
            dependencies: ["CaseflowModel", "CaseflowSource"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CaseflowCalendarTests",
            dependencies: ["CaseflowCalendar"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        // Helpers the engine and store suites share (definitions from YAML text, timestamps, lookups).
        .target(name: "CaseflowTestSupport", dependencies: ["CaseflowEngine", "CaseflowModel", "CaseflowExpr"],
                path: "Tests/CaseflowTestSupport", swiftSettings: strict),
        .testTarget(name: "CaseflowEngineTests", dependencies: ["CaseflowSource", "CaseflowEngine", "CaseflowModel", "CaseflowTestSupport"], swiftSettings: strict),
        .testTarget(name: "CaseflowJSONTests", dependencies: ["CaseflowSource", "CaseflowJSON", "CaseflowEngine", "CaseflowModel", "CaseflowTestSupport"], swiftSettings: strict),
        .testTarget(name: "CaseflowStoreTests", dependencies: ["CaseflowStore", "CaseflowPostgres", "CaseflowJSON", "CaseflowReport", "CSQLite", .product(name: "GRDB", package: "GRDB.swift"), "CaseflowEngine", "CaseflowModel", "CaseflowScenarios", "CaseflowTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CaseflowServerTests",
            dependencies: ["CaseflowServer", "CaseflowStore", "CaseflowPostgres", "CaseflowEngine", "CaseflowExpr", "CaseflowJSON", "CaseflowTestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "HummingbirdTesting", package: "hummingbird")],
            swiftSettings: strict
        ),
        // Runs the real `caseflow` binary as a child process (built by `swift build --build-tests`);
        // GRDB only to hold a connection of the test's own to the daemon's file.
        // CaseflowPostgres to create a database of the test's own for daemons that share it.
        .testTarget(name: "CaseflowDaemonTests", dependencies: [.product(name: "GRDB", package: "GRDB.swift"), "CaseflowPostgres", "CaseflowStore", "CaseflowTestSupport"], swiftSettings: strict),
    ]
)
