"""Command line: thin Typer commands over builder functions."""
from __future__ import annotations

from pathlib import Path

import typer

from builder.errors import BuildError
from builder.pipeline import PROJECT_ROOT, build as build_release, declared_version

app = typer.Typer(help="regtimeline: a timeline of regulatory actions from news articles.", no_args_is_help=True)


@app.callback()
def main() -> None:
    """regtimeline: a timeline of regulatory actions from news articles."""


@app.command()
def build(
    seeds: Path = typer.Option(PROJECT_ROOT / "seeds", help="Folder of article text files."),
    manifest: Path = typer.Option(None, help="Manifest CSV (default: SEEDS/manifest.csv)."),
    out: Path = typer.Option(PROJECT_ROOT / "output", help="Output root; the release goes to OUT/VERSION."),
    version: str = typer.Option(None, help="Dataset version (default: the VERSION file)."),
) -> None:
    """Build the timeline release from a folder of articles.

    Example: regtimeline build --seeds seeds --out output
    """
    try:
        res = build_release(seeds, manifest or seeds / "manifest.csv", out, version or declared_version())
    except BuildError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{res.release}: {res.articles} articles, {res.mentions} mentions, {res.events} events")


if __name__ == "__main__":
    app()
