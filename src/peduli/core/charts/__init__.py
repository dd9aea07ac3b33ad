"""One chart model (`model`: series, palette, axes) and its two renderers:
`svg` for the PDFs (WeasyPrint runs no JavaScript) and `chartjs` for the
pages. Reporting and the planner both draw with it."""
