"""The evidence pack of a referral: a ZIP of listings, photos beside their matches, seller
identities and link evidence, sales, geography, test buys, the enforcement timeline and a PDF
summary, with a manifest of SHA-256 hashes signed by the referring organization.
"""
