from builder.cli import app

app()
