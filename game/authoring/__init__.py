"""Tools for scenario authors: lint, hot reload, the skeleton writer, the balance report
and the reference tables of the format."""
