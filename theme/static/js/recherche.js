// La recherche (Pagefind UI) de /recherche/ et de /<langue>/recherche/. Dans un fichier, pas dans la page : la
// politique de sécurité du site (Content-Security-Policy) n'exécute aucun script écrit dans une page. Les textes
// de l'interface viennent de la page (data-traductions), dans sa langue ; Pagefind choisit l'index de <html lang>.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("recherche");
  var ui = new PagefindUI({ element: "#recherche", showSubResults: false, showImages: false, resetStyles: false,
    translations: JSON.parse(element.dataset.traductions || "{}") });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { ui.triggerSearch(q); }
});
