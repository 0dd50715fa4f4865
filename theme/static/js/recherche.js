// La recherche (Pagefind UI) de /recherche/. Dans un fichier, pas dans la page : la politique de sécurité
// du site (Content-Security-Policy) n'exécute aucun script écrit dans une page.
window.addEventListener("DOMContentLoaded", function () {
  var ui = new PagefindUI({ element: "#recherche", showSubResults: false, showImages: false, resetStyles: false,
    translations: { placeholder: "Chercher : Montgenèvre, garde à vue, refuge…" } });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { ui.triggerSearch(q); }
});
