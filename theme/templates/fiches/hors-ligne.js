/* Fiches pratiques hors ligne : inscrit le service worker des fiches (sw.js, dans le même dossier) et,
   sur l'index, dit quand les fiches sont gardées sur l'appareil. Sans JavaScript, tout marche en ligne
   et les PDF se téléchargent : ce script ne fait qu'ajouter la lecture hors ligne. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !document.currentScript) return;

  var inscription = navigator.serviceWorker.register(new URL("sw.js", document.currentScript.src).href);

  // Sur une fiche, l'inscription suffit ; l'index a en plus un bouton et un message.
  var bloc = document.querySelector("[data-hors-ligne]");
  if (!bloc) return;
  // Les messages sont dans la page (data-pretes…), dans sa langue : le même script sert toutes les langues.
  var PRETES = bloc.dataset.pretes;
  var EN_COURS = bloc.dataset.enCours;
  var ECHEC = bloc.dataset.echec;
  var IMPOSSIBLE = bloc.dataset.impossible;
  var etat = bloc.querySelector("[role=status]");
  var bouton = bloc.querySelector("button");
  bloc.hidden = false;

  function dire(texte) {
    etat.textContent = texte;
  }

  // Question au service worker actif ; réponse { pret: true|false } par un canal privé.
  function demander(question) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var canal = new MessageChannel();
        canal.port1.onmessage = function (evenement) { resolve(evenement.data && evenement.data.pret); };
        registration.active.postMessage(question, [canal.port2]);
      });
    });
  }

  inscription.then(function (registration) {
    var installation = registration.installing;
    if (installation) {
      dire(EN_COURS);
      installation.addEventListener("statechange", function () {
        if (installation.state === "redundant") dire(ECHEC);
      });
    }
    return demander("etat").then(function (pret) {
      if (pret) dire(PRETES);
    });
  }, function () {
    dire(IMPOSSIBLE);
    bouton.hidden = true;
  });

  bouton.addEventListener("click", function () {
    bouton.disabled = true;
    dire(EN_COURS);
    demander("remplir").then(function (pret) {
      dire(pret ? PRETES : ECHEC);
      bouton.disabled = false;
    });
  });
})();
