import PontoonCrypto

print("libolm \(OlmLibrary.version)")
