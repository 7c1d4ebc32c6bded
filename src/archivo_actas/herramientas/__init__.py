"""Capa herramientas: validador, andamio, importador, corpus y medición para quien contribuye; usa las demás capas."""
