"""El archivo de actas en capas: modelo (actas, registro, validación, índices), datos (exportaciones), sitio (páginas,
búsqueda) y herramientas (validador, andamio, importador, corpus, medición). Ninguna capa importa MkDocs."""
