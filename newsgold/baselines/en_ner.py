from .base import System

class EnNER(System):
    name = "en_ner"
