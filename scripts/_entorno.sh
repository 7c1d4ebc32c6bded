# Prepara .venv con las dependencias fijadas en requirements.lock (con hashes) y el paquete del archivo.
# Uso: se carga desde construir.sh y probar.sh; no se ejecuta directamente.
set -euo pipefail
RAIZ="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$RAIZ"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Reinstala solo si cambió el archivo de bloqueo o pyproject.toml.
huella="$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat .venv/.huella 2>/dev/null)" != "$huella" ]; then
  .venv/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
  .venv/bin/python -m pip install --quiet --no-deps -e .
  echo "$huella" > .venv/.huella
fi
export NO_MKDOCS_2_WARNING=1
export PATH="$RAIZ/.venv/bin:$PATH"
