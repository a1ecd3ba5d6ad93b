/** The report page's only style sheet, inline: readable on screen and in print, no web fonts. */
export const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 0 auto; max-width: 1100px; padding: 1rem 1.5rem 4rem; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 2px solid #ddd; padding-bottom: .2rem; margin-top: 2.5rem; } h3 { margin-top: 1.6rem; }
.small { color: #666; font-size: .85rem; }
.verdict { display: inline-block; padding: .05rem .55rem; border-radius: .8rem; font-size: .8rem; font-weight: 600; text-transform: uppercase; vertical-align: middle; color: #fff; }
.verdict.pass { background: #2e7d32; } .verdict.warn { background: #d08a00; } .verdict.fail { background: #c62828; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; }
.card { flex: 1 1 280px; border: 1px solid #ddd; border-top: 6px solid #999; border-radius: 6px; padding: .6rem 1rem; color: inherit; text-decoration: none; }
.card.pass { border-top-color: #2e7d32; } .card.warn { border-top-color: #d08a00; } .card.fail { border-top-color: #c62828; }
.card h3 { margin: .2rem 0; font-size: 1rem; } .card .score { font-size: 2rem; margin: .2rem 0; font-weight: 600; }
.card ul { padding-left: 1.1rem; font-size: .9rem; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .88rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid #e5e5e5; padding: .25rem .7rem; text-align: left; vertical-align: top; }
th { background: #f6f6f6; }
.bad { color: #c62828; }
figure { margin: 1rem 0; overflow-x: auto; } figcaption { font-size: .85rem; color: #555; max-width: 760px; }
.grid { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; }
.grid figure { flex: 0 1 auto; }
code { font-size: .85rem; }
nav#contents { border-bottom: 1px solid #ddd; padding: .35rem 0; font-size: .9rem; z-index: 1; }
nav#contents a { margin: 0 .2rem; }
ol.findings { padding-left: 1.4rem; } ol.findings li, .card li.fail, .card li.warn { margin: .15rem 0; }
li.fail::marker { color: #c62828; } li.warn::marker { color: #d08a00; }
.card li.fail { color: #8e1b1b; }
@media print { .card { break-inside: avoid; } section { break-before: auto; } }
#utility .grid figure { flex: 1 1 470px; max-width: 520px; margin: .4rem 0; }
#utility figure svg { max-width: 100%; height: auto; }
#utility table { margin: .4rem 0; } #utility h3 { margin-top: 1.2rem; }
@media print { #utility .grid figure { flex-basis: 45%; } #utility figure, #utility table { break-inside: avoid; } }
#fidelity svg { max-width: 100%; height: auto; }
#fidelity figure.chart { margin: .6rem 0; } #fidelity figure.chart figcaption.title { font-weight: 600; font-size: .9rem; color: #222; margin-bottom: .15rem; }
#fidelity .note { font-size: .8rem; color: #555; margin: .2rem 0; max-width: 820px; }
#fidelity .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 232px)); gap: .3rem .6rem; }
#fidelity .scores { display: flex; flex-wrap: wrap; gap: 0 2rem; align-items: flex-start; } #fidelity .scores table { margin: .3rem 0; }
#fidelity .synthpop { max-width: 420px; font-size: .9rem; } #fidelity .aside { flex: 1 1 260px; font-size: .9rem; }
#fidelity .key { display: inline-block; width: .8rem; height: .6rem; vertical-align: baseline; } #fidelity .key.real { background: #1f6fb4; opacity: .6; } #fidelity .key.synthetic { border: 2px solid #e8710a; height: .4rem; }
#fidelity .grid { align-items: flex-start; } #fidelity .grid .note { max-width: 400px; } #fidelity .grid figure.chart { margin: .3rem 0; }
@media print { #fidelity .multiples { grid-template-columns: repeat(3, 1fr); } #fidelity .grid { flex-wrap: nowrap; } #fidelity .grid > * { flex: 1 1 0; min-width: 0; } #fidelity figure.chart, #fidelity .multiples svg { break-inside: avoid; } }
#validity table.rules td { white-space: nowrap; } #validity table.rules td:first-child { white-space: normal; } #validity table.rules td.num { text-align: right; } #validity table.rules svg { vertical-align: middle; }
`;
