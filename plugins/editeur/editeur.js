// Chargé par /admin/ juste après decap-cms.js, avant que Decap ne démarre.
(function () {
  "use strict";

  var script = document.currentScript;

  // L'aperçu à droite du formulaire prend la feuille de style du site lui-même, et la forme d'une page
  // du site : surtitre, titre, date, « En bref », texte.
  CMS.registerPreviewStyle(new URL("../theme/css/site.css", script.src).href);

  // Comme le site : « décembre 2018 » au mois près, « 2018 » à l'année près (champ precision).
  function dateFrancaise(texte, precision) {
    var morceaux = /^(\d{4})-(\d{2})-(\d{2})$/.exec(texte || "");
    if (!morceaux) return texte || "";
    if (precision === "annee") return morceaux[1];
    var jour = new Date(+morceaux[1], +morceaux[2] - 1, +morceaux[3]);
    var forme = precision === "mois" ? { month: "long", year: "numeric" } : { day: "numeric", month: "long", year: "numeric" };
    return jour.toLocaleDateString("fr-FR", forme);
  }

  var Apercu = createClass({
    render: function () {
      var donnees = this.props.entry.get("data");
      var enBref = donnees.get("summary");
      return h("main", { className: "largeur" },
        h("article", { className: "document" },
          h("header", { className: "document-entete" },
            h("p", { className: "surtitre" }, this.props.collection.get("label_singular")),
            h("h1", {}, donnees.get("title")),
            h("p", { className: "date" }, dateFrancaise(donnees.get("date"), donnees.get("precision")))),
          enBref ? h("section", { className: "en-bref" }, h("h2", {}, "En bref"), h("p", {}, enBref)) : null,
          h("div", { className: "corps" }, this.props.widgetFor("body"))));
    },
  });
  script.dataset.collections.split(" ").forEach(function (nom) {
    CMS.registerPreviewTemplate(nom, Apercu);
  });

  // Le contrat refuse un champ facultatif vide (« lieu: "" » n'est pas un texte) : avant d'écrire le
  // fichier, on retire les textes vides, les listes vides et les objets sans valeur (les chiffres).
  // Le texte (body) reste toujours ; 0 est un chiffre valable.
  var CARTE = "@@__IMMUTABLE_KEYED__@@";
  var LISTE = "@@__IMMUTABLE_INDEXED__@@";

  function vide(valeur) {
    if (valeur === undefined || valeur === null) return true;
    if (typeof valeur === "string") return valeur.trim() === "";
    if (valeur[CARTE] || valeur[LISTE]) return valeur.size === 0;
    return false;
  }

  function nettoyer(carte) {
    return carte
      .map(function (valeur) { return valeur && valeur[CARTE] ? nettoyer(valeur) : valeur; })
      .filter(function (valeur, cle) { return cle === "body" || !vide(valeur); });
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (evenement) { return nettoyer(evenement.entry.get("data")); },
  });
})();
