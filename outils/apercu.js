// L'aperçu local (make serve) : servi par le serveur de l'aperçu seulement, jamais écrit dans output/.
// Chaque seconde, demande où en est la reconstruction : si elle a réussi, recharge la page ; si elle a été
// refusée, affiche en haut de la page les problèmes à corriger (la page montre encore la version d'avant).
(function () {
  "use strict";
  var connue = null;

  function bandeau(id, titre, texte, fond, bord) {
    var boite = document.getElementById(id);
    if (!boite) {
      boite = document.createElement("div");
      boite.id = id;
      boite.setAttribute("role", "alert");
      var s = boite.style;  // styles posés par le script : permis par la Content-Security-Policy
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.top = "0"; s.zIndex = "2147483647";
      s.maxHeight = "70vh"; s.overflow = "auto"; s.padding = "1rem 1.5rem"; s.margin = "0";
      s.background = fond; s.borderBottom = "4px solid " + bord; s.color = "#1a1a1a";
      s.font = "16px/1.45 system-ui, sans-serif"; s.boxShadow = "0 4px 16px rgba(0,0,0,.25)";
      var h = document.createElement("p");
      h.style.fontWeight = "bold"; h.style.margin = "0 0 .5rem";
      var pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap"; pre.style.margin = "0"; pre.style.font = "15px/1.45 ui-monospace, monospace";
      boite.appendChild(h); boite.appendChild(pre);
      document.body.appendChild(boite);
    }
    boite.firstChild.textContent = titre;
    boite.lastChild.textContent = texte;
  }

  function retirer(id) {
    var boite = document.getElementById(id);
    if (boite) { boite.remove(); }
  }

  function montrer(etat) {
    if (document.getElementById("apercu-page-refus")) {
      return;  // la page des problèmes de l'aperçu les montre déjà
    }
    if (etat.refus) {
      bandeau("apercu-refus",
        "Aperçu : votre dernier enregistrement n'a pas été pris en compte. La page montre la version d'avant ; " +
        "corrigez ceci et enregistrez, elle se rechargera toute seule.", etat.refus, "#fff1f0", "#c0392b");
    } else {
      retirer("apercu-refus");
    }
    if (etat.avertissements && !etat.refus) {
      bandeau("apercu-avertissements", "Aperçu : à corriger avant de publier", etat.avertissements, "#fff8e1", "#b7791f");
    } else {
      retirer("apercu-avertissements");
    }
  }

  function demander() {
    fetch("/_apercu/etat", { cache: "no-store" })
      .then(function (reponse) { return reponse.json(); })
      .then(function (etat) {
        if (connue !== null && etat.version !== connue && !etat.refus) {
          window.location.reload();
          return;
        }
        connue = etat.version;
        montrer(etat);
      })
      .catch(function () { /* aperçu arrêté ou en train de redémarrer : on redemandera */ })
      .then(function () { window.setTimeout(demander, 1000); });
  }

  demander();
})();
