"""Capa sitio: páginas en Markdown desde plantillas Jinja, el tema y la búsqueda; importa el modelo y los datos."""
