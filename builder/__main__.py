"""`python -m builder` is the `regtimeline` command."""
from builder.cli import app

app(prog_name="regtimeline")
