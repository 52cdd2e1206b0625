from .base import System

class AttrRules(System):
    name = "attr-rules"

class AttrQuotes(System):
    name = "attr-quotes"
