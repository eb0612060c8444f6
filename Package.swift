// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "swift-chainer",
    products: [
        .library(name: "ChainerArray", targets: ["ChainerArray"]),
        .library(name: "Chainer", targets: ["Chainer"]),
        .library(name: "ChainerTesting", targets: ["ChainerTesting"]),
        .executable(name: "chainer", targets: ["ChainerCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Vectorised CPU kernels, compiled once per ISA level and picked at load time.
        .target(name: "CChainerKernels", cSettings: [.define("_GNU_SOURCE")], linkerSettings: [.linkedLibrary("m"), .linkedLibrary("dl")]),
        // The system zlib (DEFLATE for .npz and gzip).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "ChainerArray", dependencies: ["CChainerKernels", "CZlib"]),
        .target(name: "Chainer", dependencies: ["ChainerArray"], resources: [.copy("Resources")]),
        .target(name: "ChainerTesting", dependencies: ["Chainer"]),
        .executableTarget(name: "ChainerCLI", dependencies: [
            "Chainer", "ChainerArray",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "ChainerArrayTests", dependencies: ["ChainerArray"], exclude: ["Fixtures"]),
        .testTarget(name: "ChainerTests", dependencies: ["Chainer", "ChainerTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "ChainerCLITests", dependencies: ["ChainerCLI"]),
    ],
    swiftLanguageModes: [.v6]
)
