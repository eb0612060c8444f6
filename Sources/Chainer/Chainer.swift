@_exported import ChainerArray

/// The version of swift-chainer.
public let chainerVersion = ChainerArray.version
