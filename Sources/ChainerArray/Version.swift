/// The version of swift-chainer's array library.
public let version = "0.1.0"
