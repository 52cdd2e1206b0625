"""NewsGold: raw news pages with gold boilerplate, entity and claim-attribution layers."""
__version__ = "0.1.0"
