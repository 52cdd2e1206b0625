from .base import System

class KoNER(System):
    name = "ko_ner"
